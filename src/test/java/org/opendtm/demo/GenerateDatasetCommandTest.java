package org.opendtm.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateDatasetCommandTest {

  private final GenerateDatasetCommand command = new GenerateDatasetCommand();

  @TempDir Path out;

  @Test
  void writesADatasetOfTheRequestedSize() throws Exception {
    int status =
        command.run(
            List.of(
                "--locations=300",
                "--rounds=2",
                "--seed=42",
                "--last-reporting-date=2026-06-30",
                "--out=" + out));

    assertThat(status).isZero();
    assertThat(command.name()).isEqualTo("generate-dataset");
    assertThat(out.resolve("round-02-sa.csv")).exists();
    assertThat(out.resolve("round-03-sa.csv")).doesNotExist();
    assertThat(Files.readAllLines(out.resolve("locations.csv"))).hasSize(302);
    String manifest = Files.readString(out.resolve("manifest.json"));
    assertThat(manifest)
        .contains("\"seed\": 42")
        .contains("\"locations\": 300")
        .contains("\"reportingDate\": \"2026-06-30\"");
  }

  @Test
  void refusesUnknownMissingOrMalformedArguments() throws Exception {
    assertThat(command.run(List.of("--out=" + out, "--colour=blue"))).isEqualTo(2);
    assertThat(command.run(List.of("--locations=300"))).isEqualTo(2);
    assertThat(command.run(List.of("--out=" + out, "--locations=many"))).isEqualTo(2);
    assertThat(command.run(List.of("--out=" + out, "--rounds=0"))).isEqualTo(2);
    assertThat(command.run(List.of("--out=" + out, "--last-reporting-date=June"))).isEqualTo(2);
    assertThat(out).isEmptyDirectory();
  }
}
