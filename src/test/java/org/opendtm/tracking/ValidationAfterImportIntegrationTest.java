package org.opendtm.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.tracking.internal.Validation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Validation right after an import reads the import's staged figures, and only the suspect ones for
 * the rules that look at one figure at a time (docs/perf.md section 12). Its flags must be exactly
 * those of a validation of the whole round from the stored rows: same rules, places, messages and
 * details, for every rule that reads figures.
 */
class ValidationAfterImportIntegrationTest extends ApiTestSupport {

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired Validation validation;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcClient jdbc;

  @TempDir Path dir;

  private String operationCode;

  private static final String HEADER =
      """
      Admin 2,Type,Reason,Origin 1,Origin 2,IDP HH,IDP Ind,IDP M,IDP F,IDP F 0,IDP F 1-5,IDP F 6-17,IDP F 18-59,IDP F 60+,IDP M 0,IDP M 1-5,IDP M 6-17,IDP M 18-59,IDP M 60+,Returnees
      #adm2+pcode,#assessment+type,#cause+type,#adm1+code+origin,#adm2+code+origin,#affected+idp+hh,#affected+idp+ind,#affected+idps+m,#affected+idps+f,#affected+idps+f+age0_0,#affected+idps+f+age1_5,#affected+idps+f+age6_17,#affected+idps+f+age18_59,#affected+idps+f+age60_,#affected+idps+m+age0_0,#affected+idps+m+age1_5,#affected+idps+m+age6_17,#affected+idps+m+age18_59,#affected+idps+m+age60_,#affected+returnees+ind
      """;

  /** Clean figures: nothing flagged. */
  private static final String ROUND_1 =
      HEADER
          + """
          CAF0101,BA,Conflict,CAF02,,20,100,40,60,,,,,,,,,,,10
          CAF0102,BA,Conflict,CAF02,,10,50,20,30,,,,,,,,,,,
          CAF0201,BA,Conflict,CAF01,,12,60,30,30,,,,,,,,,,,5
          CAF0102,SA,Conflict,CAF02,,4,20,10,10,,,,,,,,,,,
          """;

  /**
   * Every rule that reads figures: a sex breakdown that does not add up (CAF0101), bands that do
   * not (CAF0102), 25 people per household (CAF0201), the same place, group, reason and origin
   * twice (CAF0102, and CAF0101 written twice, once as cf0101), IDPs from the unit they live in
   * (CAF0201 from CAF0201), and IDPs tripled since round 1 (CAF0101); cf0101 also raises
   * PCODE_NORMALISED.
   */
  private static final String ROUND_2 =
      HEADER
          + """
          CAF0101,BA,Conflict,CAF02,,60,300,140,161,,,,,,,,,,,10
          CAF0102,BA,Conflict,CAF02,,10,50,20,30,1,2,3,4,5,6,7,8,9,10,
          CAF0102,BA,Conflict,CAF02,,10,50,20,30,,,,,,,,,,,
          CAF0201,BA,Conflict,CAF01,,2,50,25,25,,,,,,,,,,,5
          CAF0201,BA,Economic,,CAF0201,3,15,5,10,,,,,,,,,,,
          cf0101,BA,Economic,CAF01,,2,10,5,5,,,,,,,,,,,
          CAF0101,BA,Economic,CAF01,,2,10,5,5,,,,,,,,,,,
          CAF0102,SA,Conflict,CAF02,,4,20,10,10,,,,,,,,,,,
          """;

  @Test
  void flagsAfterAnImportEqualThoseOfAWholeValidationFromTheStoredRows() throws IOException {
    operationCode = "VAI";
    TrackingFixtures.operationWithGeography(geography, jdbc, "VAI");
    tracking.createRound("VAI", 1, TrackingFixtures.ROUND_DATE);
    importFile(1, ROUND_1);
    assertThat(flags(1)).isEmpty();
    tracking.publish("VAI", 1, "clean", "admin");

    Round round = tracking.createRound("VAI", 2, TrackingFixtures.ROUND_DATE.plusMonths(1));
    Operation operation = geography.getOperation("VAI");
    importFile(2, ROUND_2); // a new round: the whole round validated, from the staged figures
    Set<String> afterImport = flags(2);
    assertThat(rules(2))
        .contains(
            "BREAKDOWN_SUM",
            "SEX_AGE_SUM",
            "HOUSEHOLD_SIZE",
            "DUPLICATE_PLACE",
            "ORIGIN_EQUALS_PLACE",
            "ROUND_CHANGE");
    revalidateFromStoredRows(round, operation);
    assertThat(flags(2)).isEqualTo(afterImport);

    // the baseline again, into a round whose flags are current: its type only, from staging
    importFile(
        2, ROUND_2.replace("CAF0201,BA,Conflict,CAF01,,2,", "CAF0201,BA,Conflict,CAF01,,5,"));
    Set<String> afterTypeImport = flags(2);
    assertThat(afterTypeImport).isNotEqualTo(afterImport); // HOUSEHOLD_SIZE resolved
    revalidateFromStoredRows(round, operation);
    assertThat(flags(2)).isEqualTo(afterTypeImport);
  }

  @Test
  void assessmentsOfTheTypeNotWrittenByTheImportMakeValidationReadTheStoredRows()
      throws IOException {
    operationCode = "VAJ";
    TrackingFixtures.operationWithGeography(geography, jdbc, "VAJ");
    Round round = tracking.createRound("VAJ", 1, TrackingFixtures.ROUND_DATE);
    Operation operation = geography.getOperation("VAJ");
    importFile(1, ROUND_1);
    // an assessment of another writer (no import), duplicating the import's CAF0102 figure
    long assessment =
        jdbc.sql(
                """
                insert into tracking.assessment (round_id, assessment_type, admin_unit_id, place)
                select :round, 'BA', id, pcode from geography.admin_unit
                 where operation_id = :op and pcode = 'CAF0102'
                returning id
                """)
            .param("round", round.id())
            .param("op", operation.id())
            .query(Long.class)
            .single();
    jdbc.sql(
            """
            insert into tracking.population_figure
              (assessment_id, round_id, population_group, reason, origin_admin_unit_id,
               individuals)
            select :a, :round, 'IDP', 'Conflict', id, 7 from geography.admin_unit
             where operation_id = :op and pcode = 'CAF02'
            """)
        .param("a", assessment)
        .param("round", round.id())
        .param("op", operation.id())
        .update();
    revalidateFromStoredRows(round, operation);
    importFile(1, ROUND_1); // replaces the import's assessments only; the other one stays
    assertThat(rules(1)).containsExactly("DUPLICATE_PLACE");
    Set<String> afterImport = flags(1);
    revalidateFromStoredRows(round, operation);
    assertThat(flags(1)).isEqualTo(afterImport);
  }

  private void revalidateFromStoredRows(Round round, Operation operation) {
    new TransactionTemplate(transactions)
        .executeWithoutResult(t -> validation.run(round, operation));
  }

  private List<String> rules(int round) {
    return tracking.listFlags(operationCode, round, null).stream()
        .filter(f -> f.status() != FlagStatus.RESOLVED)
        .map(ValidationFlag::rule)
        .distinct()
        .toList();
  }

  private Set<String> flags(int round) {
    return TrackingFixtures.flagLines(tracking, operationCode, round);
  }

  private void importFile(int round, String content) throws IOException {
    TrackingFixtures.importCsv(tracking, dir, operationCode, round, content);
  }
}
