package org.opendtm.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.stream.Stream;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.tracking.ImportOptions;
import org.opendtm.tracking.TrackingManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On first start with an empty database, loads the demo operation through the same importers users
 * use: geography, boundaries and locations, then 13 rounds, publishing all but the last, which is
 * left in review with its planted data-quality problems. Set {@code OPENDTM_DEMO=false} to skip.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@ConditionalOnProperty(name = "opendtm.demo.enabled", havingValue = "true")
class DemoLoader implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);
  static final String LOADER = "demo-loader";
  static final String HISTORY_JUSTIFICATION =
      "Demo history: generated rounds published as they were collected.";

  private final GeographyManagement geography;
  private final TrackingManagement tracking;
  private final Clock clock;

  @org.springframework.beans.factory.annotation.Autowired
  DemoLoader(GeographyManagement geography, TrackingManagement tracking) {
    this(geography, tracking, Clock.systemUTC());
  }

  DemoLoader(GeographyManagement geography, TrackingManagement tracking, Clock clock) {
    this.geography = geography;
    this.tracking = tracking;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (!geography.listOperations().isEmpty()) return;
    long started = System.nanoTime();
    Path directory = Files.createTempDirectory("opendtm-demo");
    try {
      DemoDataset dataset = DemoCountryGenerator.demo(LocalDate.now(clock)).writeTo(directory);
      load(dataset);
      log.info(
          "Loaded the demo operation {} ({} locations, {} rounds) in {} ms",
          DemoCountryGenerator.OPERATION_CODE,
          dataset.sites() + dataset.villages(),
          dataset.rounds().size(),
          (System.nanoTime() - started) / 1_000_000);
    } finally {
      deleteRecursively(directory);
    }
  }

  /** Loads a generated dataset as a new operation. */
  void load(DemoDataset dataset) {
    String code = DemoCountryGenerator.OPERATION_CODE;
    geography.createOperation(
        new NewOperation(
            code,
            DemoCountryGenerator.OPERATION_NAME,
            dataset.countryIso3(),
            dataset.countryName(),
            3,
            null,
            null));
    geography.importGeography(
        code, dataset.file(DemoCountryGenerator.PCODES_FILE), "csv", "PCODES", null, null, null);
    for (int level = 1; level <= 3; level++) {
      geography.importGeography(
          code,
          dataset.file(DemoCountryGenerator.boundariesFile(level)),
          "geojson",
          "BOUNDARIES",
          null,
          "pcode",
          level);
    }
    geography.importGeography(
        code,
        dataset.file(DemoCountryGenerator.LOCATIONS_FILE),
        "csv",
        "LOCATIONS",
        null,
        null,
        null);
    for (DemoRound round : dataset.rounds()) {
      tracking.createRound(code, round.number(), round.reportingDate());
      tracking.importAssessments(
          code,
          round.number(),
          dataset.file(round.siteAssessmentFile()),
          new ImportOptions(round.siteAssessmentFile(), null, null, LOADER));
      tracking.importAssessments(
          code,
          round.number(),
          dataset.file(round.baselineFile()),
          new ImportOptions(round.baselineFile(), null, null, LOADER));
      if (round.published()) {
        tracking.publish(code, round.number(), HISTORY_JUSTIFICATION, LOADER);
      } else {
        tracking.submitForReview(code, round.number(), LOADER);
      }
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("Could not delete {}", directory, e);
    }
  }
}
