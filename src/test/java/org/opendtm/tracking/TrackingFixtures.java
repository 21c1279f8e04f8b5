package org.opendtm.tracking;

import java.time.LocalDate;
import java.util.List;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.geography.NewLocation;
import org.opendtm.geography.NewOperation;
import org.opendtm.geography.Operation;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test data for tracking: an operation in the Central African Republic (ISO2 CF, so that CF0102
 * normalises to CAF0102) with two admin 1 and a few admin 2 units, one retired and one not yet
 * valid, and one known site.
 */
final class TrackingFixtures {

  static final LocalDate ROUND_DATE = LocalDate.of(2024, 3, 31);

  private TrackingFixtures() {}

  static Operation operationWithGeography(
      GeographyManagement geography, JdbcClient jdbc, String code) {
    Operation operation = geography.createOperation(new NewOperation(code, "Test " + code, "CAF"));
    List<AdminUnit> units =
        geography.createProvisionalUnits(
            operation.id(),
            List.of(
                new NewAdminUnit(0, "CAF", "Central African Republic", null),
                new NewAdminUnit(1, "CAF01", "Bamingui", "CAF"),
                new NewAdminUnit(1, "CAF02", "Vakaga", "CAF"),
                new NewAdminUnit(2, "CAF0101", "Kaga", "CAF01"),
                new NewAdminUnit(2, "CAF0102", "Ndele", "CAF01"),
                new NewAdminUnit(2, "CAF0201", "Birao", "CAF02"),
                new NewAdminUnit(2, "CAF0199", "Old Kaga", "CAF01"),
                new NewAdminUnit(2, "CAF0203", "New Birao", "CAF02")));
    jdbc.sql(
            """
            update geography.admin_unit set valid_to = date '2024-01-01'
             where operation_id = :op and pcode = 'CAF0199'
            """)
        .param("op", operation.id())
        .update();
    jdbc.sql(
            """
            update geography.admin_unit set valid_from = date '2025-01-01'
             where operation_id = :op and pcode = 'CAF0203'
            """)
        .param("op", operation.id())
        .update();
    long kaga = units.stream().filter(u -> u.pcode().equals("CAF0101")).findFirst().get().id();
    geography.upsertLocations(
        operation.id(),
        List.of(new NewLocation("CAF0101-S01", "Kaga site", LocationKind.SITE, kaga, 8.1, 20.5)));
    return operation;
  }

  static Operation operationWithoutGeography(GeographyManagement geography, String code) {
    return geography.createOperation(new NewOperation(code, "Test " + code, "CAF"));
  }

  /**
   * Every flag of the round as one comparable line (rule, severity, status, fingerprint,
   * assessment, place, message, details): two validations raised the same flags exactly when these
   * sets are equal.
   */
  static java.util.Set<String> flagLines(TrackingManagement tracking, String operation, int round) {
    return tracking.listFlags(operation, round, null).stream()
        .map(
            f ->
                String.join(
                    " | ",
                    f.rule(),
                    String.valueOf(f.severity()),
                    String.valueOf(f.status()),
                    f.fingerprint(),
                    String.valueOf(f.assessmentId()),
                    String.valueOf(f.place()),
                    f.message(),
                    String.valueOf(new java.util.TreeMap<>(f.details()))))
        .collect(java.util.stream.Collectors.toSet());
  }

  /** Imports the CSV text into the round as the admin, failing with the import's row errors. */
  static void importCsv(
      TrackingManagement tracking, java.nio.file.Path dir, String operation, int round, String csv)
      throws java.io.IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile(dir, "import", ".csv");
    java.nio.file.Files.writeString(file, csv, java.nio.charset.StandardCharsets.UTF_8);
    try {
      tracking.importAssessments(
          operation, round, file, new ImportOptions("file.csv", null, null, "admin"));
    } catch (org.opendtm.platform.OpenDtmException e) {
      throw new AssertionError(e.getMessage() + " " + e.errors(), e);
    }
  }
}
