package org.opendtm;

import java.util.Arrays;
import java.util.List;
import org.opendtm.platform.CliCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/** OpenDTM: displacement tracking, review, publication and durable-solutions analytics. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OpenDtmApplication {

  /** Arguments that are not commands: Spring's own options start with "--". */
  public static void main(String[] args) {
    if (args.length > 0 && !args[0].startsWith("-")) {
      System.exit(runCommand(args[0], List.of(Arrays.copyOfRange(args, 1, args.length))));
    }
    SpringApplication.run(OpenDtmApplication.class, args);
  }

  static int runCommand(String name, List<String> arguments) {
    SpringApplication application = new SpringApplication(OpenDtmApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    // passed as command-line properties, so that they win over application.yml's
    // ${OPENDTM_DEMO:true}: a command never loads the demo or creates the first account
    java.util.List<String> springArgList =
        new java.util.ArrayList<>(List.of("--opendtm.demo.enabled=false", "--opendtm.cli=true"));
    arguments.stream()
        .filter(a -> a.startsWith("--spring.") || a.startsWith("--opendtm."))
        .forEach(springArgList::add);
    String[] springArgs = springArgList.toArray(String[]::new);
    List<String> own =
        arguments.stream()
            .filter(a -> !(a.startsWith("--spring.") || a.startsWith("--opendtm.")))
            .toList();
    try (ConfigurableApplicationContext context = application.run(springArgs)) {
      var commands = context.getBeansOfType(CliCommand.class).values();
      if (name.equals("help") || name.equals("--help")) {
        System.out.println("Commands:");
        commands.forEach(c -> System.out.println("  " + c.name() + "  " + c.usage()));
        return 0;
      }
      for (CliCommand command : commands) {
        if (command.name().equals(name)) return command.run(own);
      }
      System.err.println(
          "Unknown command '"
              + name
              + "'. Known: "
              + commands.stream().map(CliCommand::name).toList());
      return 2;
    } catch (Exception e) {
      System.err.println("Failed: " + e.getMessage());
      return 1;
    }
  }
}
