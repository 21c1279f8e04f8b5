package org.opendtm.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendtm.platform.CliCommand;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The command is a bean the platform's command runner finds by its name. */
@SpringBootTest
@ActiveProfiles("test")
class GenerateDatasetCommandIntegrationTest {

  @Autowired List<CliCommand> commands;

  @TempDir Path out;

  @Test
  void generateDatasetIsACommandOfThePlatform() throws Exception {
    CliCommand command =
        commands.stream()
            .filter(c -> c.name().equals("generate-dataset"))
            .findFirst()
            .orElseThrow();

    int status = command.run(List.of("--locations=200", "--rounds=3", "--out=" + out));

    assertThat(status).isZero();
    assertThat(out.resolve("manifest.json")).exists();
    assertThat(out.resolve("round-03-ba.csv")).exists();
  }
}
