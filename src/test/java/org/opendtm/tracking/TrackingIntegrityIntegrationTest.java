package org.opendtm.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.geography.OperationSettings;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.tracking.internal.Validation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The integrity that foreign keys used to give assessments and figures, now checked once per
 * statement by triggers (migration V2026_11_24_0300): every reference is still enforced by the
 * database, deletes still cascade or are refused, and a figure always carries its assessment's
 * round. Also: publishing skips re-validation only when nothing validation reads changed.
 */
class TrackingIntegrityIntegrationTest extends ApiTestSupport {

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired Validation validation;
  @Autowired org.springframework.transaction.PlatformTransactionManager transactions;
  @Autowired JdbcClient jdbc;

  @TempDir Path dir;

  private static final String FILE =
      """
      Admin 2,Type,Reason,Origin,IDP HH,IDP Ind,IDP M,IDP F
      #adm2+pcode,#assessment+type,#cause+type,#adm1+code+origin,#affected+idp+hh,#affected+idp+ind,#affected+idps+m,#affected+idps+f
      CAF0101,BA,Conflict,CAF02,20,100,40,60
      CAF0102,BA,Conflict,CAF02,10,50,20,30
      CAF0201,BA,Conflict,CAF01,12,60,30,30
      """;

  @Test
  void importedFiguresCarryTheirRoundAndAnUnknownUnitIsStillARowErrorStoringNothing()
      throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "INT-A");
    Round round = tracking.createRound("INT-A", 1, TrackingFixtures.ROUND_DATE);
    ImportReport report = importFile("INT-A", 1, FILE);
    assertThat(report.figuresCreated()).isEqualTo(3);
    assertThat(count("select count(*) from tracking.population_figure where round_id = ?", round))
        .isEqualTo(3);

    assertThatThrownBy(
            () -> importFile("INT-A", 1, FILE.replace("CAF0102,BA", "CAF0999,BA") + "x,BA,,,,,,\n"))
        .isInstanceOf(OpenDtmException.class)
        .satisfies(
            e ->
                assertThat(((OpenDtmException) e).errors())
                    .extracting(org.opendtm.platform.InputError::reason)
                    .contains("unknown P-code CAF0999 in column #adm2+pcode"));
    // the earlier import is untouched: nothing of the bad file was stored or replaced
    assertThat(count("select count(*) from tracking.population_figure where round_id = ?", round))
        .isEqualTo(3);
    assertThat(count("select count(*) from tracking.assessment_import where round_id = ?", round))
        .isEqualTo(1);
  }

  @Test
  void refusesReferencesToRowsThatDoNotExistAndStoresNothingOfTheStatement() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "INT-B");
    Round round = tracking.createRound("INT-B", 1, TrackingFixtures.ROUND_DATE);
    importFile("INT-B", 1, FILE);
    long unit =
        id("select admin_unit_id from tracking.assessment where round_id = ? limit 1", round);
    long assessment = id("select min(id) from tracking.assessment where round_id = ?", round);
    long assessments = count("select count(*) from tracking.assessment", null);
    long figures = count("select count(*) from tracking.population_figure", null);

    assertRefused(
        "insert into tracking.assessment (round_id, assessment_type, admin_unit_id, place)"
            + " values ("
            + round.id()
            + ", 'BA', "
            + unit
            + ", 'a'),"
            + " (999999, 'BA', "
            + unit
            + ", 'b')",
        "round 999999 does not exist");
    assertRefused(
        "insert into tracking.assessment (round_id, assessment_type, admin_unit_id, place)"
            + " values ("
            + round.id()
            + ", 'BA', 999998, 'a')",
        "admin unit 999998 does not exist");
    assertRefused(
        "insert into tracking.assessment (round_id, assessment_type, admin_unit_id, location_id,"
            + " place) values ("
            + round.id()
            + ", 'BA', "
            + unit
            + ", 999997, 'a')",
        "location 999997 does not exist");
    assertRefused(
        "insert into tracking.assessment (round_id, assessment_type, admin_unit_id, import_id,"
            + " place) values ("
            + round.id()
            + ", 'BA', "
            + unit
            + ", 999996, 'a')",
        "import 999996 does not exist");
    assertRefused(
        "insert into tracking.population_figure (assessment_id, population_group, individuals)"
            + " values ("
            + assessment
            + ", 'IDP', 5), (999995, 'IDP', 5)",
        "assessment 999995");
    assertRefused(
        "insert into tracking.population_figure (assessment_id, round_id, population_group)"
            + " values ("
            + assessment
            + ", 999994, 'IDP')",
        "assessment " + assessment + " of round 999994 does not exist");
    assertRefused(
        "insert into tracking.population_figure (assessment_id, population_group,"
            + " origin_admin_unit_id) values ("
            + assessment
            + ", 'IDP', 999993)",
        "origin admin unit 999993 does not exist");
    assertRefused(
        "update tracking.population_figure set origin_admin_unit_id = 999992 where round_id = "
            + round.id(),
        "origin admin unit 999992 does not exist");
    assertRefused(
        "insert into tracking.validation_flag (round_id, rule_code, severity, assessment_id,"
            + " place, message, fingerprint) values ("
            + round.id()
            + ", 'X', 'ERROR', 999991,"
            + " 'p', 'm', 'f')",
        "assessment 999991 does not exist");

    Round other = tracking.createRound("INT-B", 2, TrackingFixtures.ROUND_DATE.plusMonths(1));
    assertRefused(
        "update tracking.assessment set round_id = " + other.id() + " where id = " + assessment,
        "cannot move to another round");

    assertThat(count("select count(*) from tracking.assessment", null)).isEqualTo(assessments);
    assertThat(count("select count(*) from tracking.population_figure", null)).isEqualTo(figures);
  }

  @Test
  void aFigureWrittenWithoutItsRoundGetsTheRoundOfItsAssessment() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "INT-C");
    Round round = tracking.createRound("INT-C", 1, TrackingFixtures.ROUND_DATE);
    importFile("INT-C", 1, FILE);
    long assessment = id("select min(id) from tracking.assessment where round_id = ?", round);
    jdbc.sql(
            "insert into tracking.population_figure (assessment_id, population_group, individuals)"
                + " values (:a, 'RETURNEE', 7)")
        .param("a", assessment)
        .update();
    assertThat(
            count(
                "select count(*) from tracking.population_figure where round_id = ?"
                    + " and population_group = 'RETURNEE'",
                round))
        .isEqualTo(1);
    assertThat(
            count("select count(*) from tracking.population_figure where round_id is null", null))
        .isZero();
  }

  @Test
  void deletesCascadeOrAreRefusedAsTheForeignKeysDid() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "INT-D");
    Round round = tracking.createRound("INT-D", 1, TrackingFixtures.ROUND_DATE);
    importFile(
        "INT-D",
        1,
        FILE.replace(
            "CAF0201,BA,Conflict,CAF01,12,60,30,30", "CAF0201,BA,Conflict,CAF01,12,60,30,20"));
    // the BREAKDOWN_SUM flag points at an assessment
    long flagged =
        id(
            "select assessment_id from tracking.validation_flag where round_id = ?"
                + " and rule_code = 'BREAKDOWN_SUM'",
            round);
    long unit = id("select admin_unit_id from tracking.assessment where id = " + flagged, null);

    // a unit or origin still referenced cannot be deleted
    assertRefused("delete from geography.admin_unit where id = " + unit, "still referenced");
    long origin =
        id(
            "select min(origin_admin_unit_id) from tracking.population_figure where round_id = ?",
            round);
    jdbc.sql("update geography.admin_unit set parent_id = null where parent_id = :u")
        .param("u", origin)
        .update();
    assertRefused("delete from geography.admin_unit where id = " + origin, "still referenced");

    // deleting an assessment takes its figures and unlinks its flags
    jdbc.sql("delete from tracking.assessment where id = :id").param("id", flagged).update();
    assertThat(
            count(
                "select count(*) from tracking.population_figure where assessment_id = " + flagged,
                null))
        .isZero();
    assertThat(
            count(
                "select count(*) from tracking.validation_flag where round_id = ?"
                    + " and rule_code = 'BREAKDOWN_SUM' and assessment_id is null",
                round))
        .isEqualTo(1);

    // deleting the import keeps its assessments, unlinked
    jdbc.sql("delete from tracking.assessment_import where round_id = :r")
        .param("r", round.id())
        .update();
    assertThat(
            count(
                "select count(*) from tracking.assessment where round_id = ? and import_id is null",
                round))
        .isEqualTo(2);

    // deleting the round takes its assessments and figures
    jdbc.sql("delete from tracking.round where id = :r").param("r", round.id()).update();
    assertThat(count("select count(*) from tracking.assessment where round_id = ?", round))
        .isZero();
    assertThat(count("select count(*) from tracking.population_figure where round_id = ?", round))
        .isZero();
    // and once nothing refers to it, the unit can go
    jdbc.sql("delete from geography.location where admin_unit_id = :u").param("u", unit).update();
    assertThat(jdbc.sql("delete from geography.admin_unit where id = :u").param("u", unit).update())
        .isEqualTo(1);
  }

  @Test
  void aLocationInUseCannotBeDeleted() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "INT-E");
    tracking.createRound("INT-E", 1, TrackingFixtures.ROUND_DATE);
    importFile(
        "INT-E",
        1,
        """
        Site,Admin 2,Type,IDP Ind
        #loc+code,#adm2+pcode,#assessment+type,#affected+idp+ind
        CAF0101-S01,CAF0101,SA,40
        """);
    assertRefused(
        "delete from geography.location where code = 'CAF0101-S01'",
        "still referenced by assessments");
  }

  @Test
  void publishingRevalidatesOnlyWhenSomethingValidationReadsChanged() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "INT-F");
    Round round = tracking.createRound("INT-F", 1, TrackingFixtures.ROUND_DATE);
    Operation operation = geography.getOperation("INT-F");
    importFile("INT-F", 1, FILE);
    // the import validated the round: nothing to do again
    assertThat(validation.runIfChanged(round, operation)).isFalse();

    // a renamed admin unit changes the geography's fingerprint: validation runs again (flags name
    // places), and only once
    jdbc.sql(
            "update geography.admin_unit set name = name || ' (renamed)' where operation_id = :op"
                + " and id = (select min(id) from geography.admin_unit where operation_id = :op)")
        .param("op", operation.id())
        .update();
    var inTransaction =
        new org.springframework.transaction.support.TransactionTemplate(transactions);
    Boolean ran = inTransaction.execute(t -> validation.runIfChanged(round, operation));
    assertThat(ran).isTrue();
    assertThat(validation.runIfChanged(round, operation)).isFalse();

    // a write that bypasses TrackingManagement still counts as a change
    jdbc.sql(
            """
            update tracking.population_figure set males = males + 1
             where round_id = :r and individuals = 50
            """)
        .param("r", round.id())
        .update();
    assertThatThrownBy(() -> tracking.publish("INT-F", 1, "accepted", "admin"))
        .isInstanceOf(OpenDtmException.class)
        .hasMessageContaining("open error");
    jdbc.sql(
            """
            update tracking.population_figure set males = males - 1
             where round_id = :r and individuals = 50
            """)
        .param("r", round.id())
        .update();

    // a settings change is seen too: every household is now too large
    OperationSettings s = operation.settings();
    geography.updateSettings(
        "INT-F",
        new OperationSettings(
            1.0,
            2.0,
            s.changeThreshold(),
            s.changeMinimumIndividuals(),
            s.publicAdminLevel(),
            s.suppressionThreshold()));
    Operation changed = geography.getOperation("INT-F");
    RoundRevision published = tracking.publish("INT-F", 1, "accepted", "admin");
    assertThat(published.revision()).isEqualTo(1);
    assertThat(
            tracking.listFlags("INT-F", 1, null).stream()
                .filter(f -> f.rule().equals("HOUSEHOLD_SIZE"))
                .count())
        .isEqualTo(3);
    assertThat(tracking.listFlags("INT-F", 1, null).stream().map(f -> f.rule()).toList())
        .doesNotContain("BREAKDOWN_SUM");
    assertThat(validation.runIfChanged(tracking.getRound("INT-F", 1), changed)).isFalse();
  }

  @Test
  void stagedTextKeepsEveryCharacterThroughTheStreamingCopy() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "INT-H");
    Round round = tracking.createRound("INT-H", 1, TrackingFixtures.ROUND_DATE);
    String shelter = "Tente — « abri » \\N \\ été\tx 𝄞";
    importFile(
        "INT-H",
        1,
        """
        Admin 2,Type,Reason,Origin,IDP HH,IDP Ind,Shelter,Arrival
        #adm2+pcode,#assessment+type,#cause+type,#adm1+code+origin,#affected+idp+hh,#affected+idp+ind,#shelter+type,#date+arrival
        CAF0101,BA,Conflict,CAF02,20,100,"%s",2024Q1
        CAF0102,BA,Conflict,CAF02,10,50,,2024Q2
        """
            .formatted(shelter));
    assertThat(
            jdbc.sql(
                    "select shelter from tracking.population_figure where round_id = :r"
                        + " order by individuals desc")
                .param("r", round.id())
                .query(String.class)
                .list())
        .containsExactly(shelter, null);
  }

  @Test
  void importingOneTypeValidatesThatTypeOnlyAndLeavesTheFlagsAWholeValidationWouldRaise()
      throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "INT-G");
    Round round = tracking.createRound("INT-G", 1, TrackingFixtures.ROUND_DATE);
    Operation operation = geography.getOperation("INT-G");
    // site assessments with a sex breakdown that does not add up (error) and 20 people per
    // household (warning)
    importFile("INT-G", 1, FILE.replace(",BA,", ",SA,").replace("20,100,40,60", "5,100,40,61"));
    assertThat(openRules("SA")).containsExactlyInAnyOrder("BREAKDOWN_SUM", "HOUSEHOLD_SIZE");
    assertThat(validation.isCurrent(round, operation)).isTrue();

    // a baseline file: validated on its own, the site flags stay as they were
    importFile("INT-G", 1, FILE.replace("10,50,20,30", "10,50,20,31"));
    assertThat(openRules("SA")).containsExactlyInAnyOrder("BREAKDOWN_SUM", "HOUSEHOLD_SIZE");
    assertThat(openRules("BA")).containsExactly("BREAKDOWN_SUM");
    var flagsAfterImport = flagStates();
    assertThat(validation.runIfChanged(round, operation)).isFalse();
    // the same flags as a validation of the whole round
    var inTransaction =
        new org.springframework.transaction.support.TransactionTemplate(transactions);
    inTransaction.executeWithoutResult(t -> validation.run(round, operation));
    assertThat(flagStates()).isEqualTo(flagsAfterImport);

    // a change outside the file (settings: 1-2 people per household) makes the round stale: the
    // next import validates every type, so the site figures get their new warnings too
    OperationSettings s = operation.settings();
    geography.updateSettings(
        "INT-G",
        new OperationSettings(
            1.0,
            2.0,
            s.changeThreshold(),
            s.changeMinimumIndividuals(),
            s.publicAdminLevel(),
            s.suppressionThreshold()));
    assertThat(validation.isCurrent(round, geography.getOperation("INT-G"))).isFalse();
    importFile("INT-G", 1, FILE);
    assertThat(
            tracking.listFlags("INT-G", 1, null).stream()
                .filter(f -> f.status() != FlagStatus.RESOLVED)
                .filter(f -> f.rule().equals("HOUSEHOLD_SIZE"))
                .filter(f -> "SA".equals(f.details().get("assessmentType")))
                .count())
        .isEqualTo(3);
    assertThat(openRules("BA")).containsOnly("HOUSEHOLD_SIZE");
  }

  @Test
  void rowsOfAPlaceAnywhereInTheFileMakeOneAssessmentWithAllItsFigures() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "INT-I");
    Round round = tracking.createRound("INT-I", 1, TrackingFixtures.ROUND_DATE);
    ImportReport report =
        importFile(
            "INT-I",
            1,
            """
            Admin 2,Type,Reason,Informants,Date,IDP Ind,Returnees
            #adm2+pcode,#assessment+type,#cause+type,#meta+informants,#date+assessed,#affected+idp+ind,#affected+returnees+ind
            CAF0101,BA,Conflict,3,2024-03-05,100,
            CAF0102,BA,Conflict,2,2024-03-02,50,7
            CAF0101,BA,Economic,5,2024-03-01,30,
            CAF0101,SA,Conflict,1,2024-03-09,20,
            cf0101,BA,Insecurity,,2024-03-07,10,4
            """);
    assertThat(report.assessmentsCreated()).isEqualTo(3);
    assertThat(report.figuresCreated()).isEqualTo(7);
    var kaga =
        jdbc.sql(
                """
                select a.informants, a.collected_on, a.source_row, a.pcode_written,
                       (select count(*) from tracking.population_figure f
                         where f.round_id = a.round_id and f.assessment_id = a.id) as figures,
                       (select sum(individuals) from tracking.population_figure f
                         where f.round_id = a.round_id and f.assessment_id = a.id) as people
                  from tracking.assessment a
                 where a.round_id = :r and a.place = 'CAF0101' and a.assessment_type = 'BA'
                """)
            .param("r", round.id())
            .query(
                (rs, n) ->
                    java.util.List.of(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getLong(6)))
            .single();
    // most informants, earliest date, first row, the P-code as written where a rule matched it,
    // and the four figures of its three rows (the fifth row's returnees included)
    assertThat(kaga).containsExactly(5, "2024-03-01", 3L, "cf0101", 4L, 144L);
    assertThat(
            count(
                "select count(*) from tracking.population_figure f join tracking.assessment a"
                    + " on a.id = f.assessment_id and a.round_id = f.round_id"
                    + " where f.round_id = ? and a.assessment_type = 'SA'",
                round))
        .isEqualTo(1);
  }

  private java.util.List<String> openRules(String type) {
    return tracking.listFlags("INT-G", 1, null).stream()
        .filter(f -> f.status() != FlagStatus.RESOLVED)
        .filter(f -> type.equals(f.details().get("assessmentType")))
        .map(ValidationFlag::rule)
        .toList();
  }

  private java.util.Set<String> flagStates() {
    return tracking.listFlags("INT-G", 1, null).stream()
        .map(f -> f.fingerprint() + " " + f.status() + " " + f.message())
        .collect(java.util.stream.Collectors.toSet());
  }

  private ImportReport importFile(String operation, int round, String content) throws IOException {
    Path file = Files.createTempFile(dir, "import", ".csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return tracking.importAssessments(
        operation, round, file, new ImportOptions("file.csv", null, null, "admin"));
  }

  private void assertRefused(String sql, String message) {
    assertThatThrownBy(() -> jdbc.sql(sql).update())
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining(message);
  }

  private long count(String sql, Round round) {
    var spec = jdbc.sql(sql);
    if (round != null) spec = spec.param(round.id());
    return spec.query(Long.class).single();
  }

  private long id(String sql, Round round) {
    return count(sql, round);
  }
}
