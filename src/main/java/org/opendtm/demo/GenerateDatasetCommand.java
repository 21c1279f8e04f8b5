package org.opendtm.demo;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendtm.platform.CliCommand;
import org.springframework.stereotype.Component;

/**
 * {@code generate-dataset --locations=100000 --rounds=24 --seed=42 --out=DIR
 * [--last-reporting-date=YYYY-MM-DD]}: writes a demo-shaped dataset of any size for benchmarks.
 */
@Component
class GenerateDatasetCommand implements CliCommand {

  private static final Set<String> OPTIONS =
      Set.of("locations", "rounds", "seed", "out", "last-reporting-date");

  @Override
  public String name() {
    return "generate-dataset";
  }

  @Override
  public String usage() {
    return "--out=DIR [--locations=2000] [--rounds=13] [--seed="
        + DemoCountryGenerator.DEMO_SEED
        + "] [--last-reporting-date=YYYY-MM-DD]  writes a fictional country's"
        + " geography, locations and rounds as import files";
  }

  @Override
  public int run(List<String> arguments) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String argument : arguments) {
      int equals = argument.indexOf('=');
      String key = argument.startsWith("--") && equals > 2 ? argument.substring(2, equals) : null;
      if (key == null || !OPTIONS.contains(key)) {
        System.err.println("Unknown argument '" + argument + "'. Usage: " + name() + " " + usage());
        return 2;
      }
      options.put(key, argument.substring(equals + 1));
    }
    if (!options.containsKey("out")) {
      System.err.println("--out=DIR is required. Usage: " + name() + " " + usage());
      return 2;
    }
    DemoSize size;
    long seed;
    LocalDate lastReportingDate;
    try {
      size =
          new DemoSize(
              Integer.parseInt(options.getOrDefault("locations", "2000").replace("_", "")),
              Integer.parseInt(options.getOrDefault("rounds", "13")));
      seed =
          Long.parseLong(
              options.getOrDefault("seed", Long.toString(DemoCountryGenerator.DEMO_SEED)));
      lastReportingDate =
          options.containsKey("last-reporting-date")
              ? LocalDate.parse(options.get("last-reporting-date"))
              : DemoCountryGenerator.defaultLastReportingDate(LocalDate.now());
    } catch (RuntimeException e) {
      System.err.println("Bad argument: " + e.getMessage() + ". Usage: " + name() + " " + usage());
      return 2;
    }
    long started = System.nanoTime();
    DemoDataset dataset =
        new DemoCountryGenerator(seed, size, lastReportingDate)
            .writeTo(Path.of(options.get("out")));
    System.out.printf(
        java.util.Locale.ROOT,
        "Wrote %s: %d locations (%d sites, %d villages), %d rounds, admin units %s, %d planted"
            + " problems, in %.1f s%n",
        dataset.directory().toAbsolutePath(),
        size.locations(),
        dataset.sites(),
        dataset.villages(),
        size.rounds(),
        dataset.adminUnits(),
        dataset.problems().size(),
        (System.nanoTime() - started) / 1e9);
    return 0;
  }
}
