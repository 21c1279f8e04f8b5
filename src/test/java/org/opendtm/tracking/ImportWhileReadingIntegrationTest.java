package org.opendtm.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.tracking.internal.AssessmentImporter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * An import stores its assessments and figures while the file is read, chunk by chunk (docs/perf.md
 * section 15), or through the staging table when it cannot (it creates places, or is DTM API
 * records). Both must store the same rows and raise the same flags; a bad row anywhere stores
 * nothing. Chunks of two figures here, so that every file crosses many chunk boundaries: places
 * seen again in later chunks, a later row changing what the first one said, a type first seen late
 * in the file.
 */
class ImportWhileReadingIntegrationTest extends ApiTestSupport {

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired AssessmentImporter importer;
  @Autowired JdbcClient jdbc;

  @TempDir Path dir;

  private static final String HEADER =
      """
      Admin 2,Site,Site name,Type,Date,Informants,Reason,Origin 1,Origin 2,IDP HH,IDP Ind,IDP M,IDP F,IDP F 0,IDP F 1-5,IDP F 6-17,IDP F 18-59,IDP F 60+,IDP M 0,IDP M 1-5,IDP M 6-17,IDP M 18-59,IDP M 60+,Returnees,Arrival,Shelter
      #adm2+pcode,#loc+code,#loc+name,#assessment+type,#date+assessed,#meta+informants,#cause+type,#adm1+code+origin,#adm2+code+origin,#affected+idp+hh,#affected+idp+ind,#affected+idps+m,#affected+idps+f,#affected+idps+f+age0_0,#affected+idps+f+age1_5,#affected+idps+f+age6_17,#affected+idps+f+age18_59,#affected+idps+f+age60_,#affected+idps+m+age0_0,#affected+idps+m+age1_5,#affected+idps+m+age6_17,#affected+idps+m+age18_59,#affected+idps+m+age60_,#affected+returnees+ind,#date+arrival,#shelter+type
      """;

  /**
   * Every rule that reads figures (a sex breakdown and bands that do not add up, 25 people per
   * household, a duplicate across chunks, IDPs from the unit they live in, a retired unit, a P-code
   * written cf0101); CAF0101's later rows give an earlier date and more informants, the site's a
   * name its first row left out; SA first appears late in the file.
   */
  private static final String FILE =
      HEADER
          + """
          CAF0101,,,BA,2024-03-10,3,Conflict,CAF02,,20,100,40,60,,,,,,,,,,,10,2023Q2,Famille d’accueil \\ 😀
          CAF0102,,,BA,2024-03-12,2,Conflict,CAF02,,10,50,20,31,,,,,,,,,,,,,
          CAF0201,,,BA,2024-03-05,2,Conflict,CAF01,,2,50,25,25,,,,,,,,,,,5,,
          CAF0102,,,BA,2024-03-12,2,Economic,CAF02,,10,50,20,30,1,2,3,4,5,6,7,8,9,10,,2022Q1,Tente	bâche
          CAF0199,,,BA,2024-03-05,,Conflict,CAF02,,4,20,10,10,,,,,,,,,,,,,
          CAF0101,,,BA,2024-03-08,5,Economic,CAF01,,2,10,5,5,,,,,,,,,,,,,
          CAF0201,,,BA,2024-03-05,2,Economic,,CAF0201,3,15,5,10,,,,,,,,,,,,,Site
          cf0101,,,BA,2024-03-09,1,Insecurity,CAF01,,2,10,5,5,,,,,,,,,,,,,
          CAF0102,,,BA,2024-03-12,2,Conflict,CAF02,,10,50,20,30,,,,,,,,,,,,,
          ,CAF0101-S01,,SA,2024-03-11,,Conflict,CAF02,,4,20,10,10,,,,,,,,,,,,,
          CAF0102,,,SA,2024-03-11,4,Conflict,CAF02,,4,20,10,10,,,,,,,,,,,7,,
          ,CAF0101-S01,Kaga camp,SA,2024-03-11,6,Economic,CAF01,,4,20,10,10,,,,,,,,,,,,,
          CAF0102,,,SA,2024-03-11,4,Conflict,CAF02,,5,25,10,15,1,,3,,,2,,,,4,,,
          """;

  private boolean writeWhileReading;
  private int chunkFigures;

  @BeforeEach
  void smallChunks() {
    writeWhileReading = (boolean) ReflectionTestUtils.getField(importer, "writeWhileReading");
    chunkFigures = (int) ReflectionTestUtils.getField(importer, "chunkFigures");
    ReflectionTestUtils.setField(importer, "chunkFigures", 2);
  }

  @AfterEach
  void restore() {
    ReflectionTestUtils.setField(importer, "writeWhileReading", writeWhileReading);
    ReflectionTestUtils.setField(importer, "chunkFigures", chunkFigures);
  }

  @Test
  void storingWhileReadingStoresTheSameRowsAndRaisesTheSameFlagsAsTheStagingTable()
      throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "IWR-A");
    Round staged = tracking.createRound("IWR-A", 1, TrackingFixtures.ROUND_DATE);
    Round whileRead = tracking.createRound("IWR-A", 2, TrackingFixtures.ROUND_DATE);

    ReflectionTestUtils.setField(importer, "writeWhileReading", false);
    ImportReport before = importFile("IWR-A", 1, FILE);
    ReflectionTestUtils.setField(importer, "writeWhileReading", true);
    ImportReport after = importFile("IWR-A", 2, FILE);

    assertThat(after.placesCreated()).isEmpty();
    assertThat(after.assessmentsCreated()).isEqualTo(before.assessmentsCreated()).isEqualTo(6);
    assertThat(after.figuresCreated()).isEqualTo(before.figuresCreated()).isEqualTo(16);
    assertThat(after.assessmentTypes()).isEqualTo(before.assessmentTypes());
    assertThat(after.normalisations()).isEqualTo(before.normalisations());
    assertThat(assessments(whileRead)).isEqualTo(assessments(staged)).hasSize(6);
    assertThat(figures(whileRead)).isEqualTo(figures(staged)).hasSize(16);
    assertThat(importRecord(whileRead)).isEqualTo(importRecord(staged));
    assertThat(rules(2))
        .contains(
            "BREAKDOWN_SUM",
            "SEX_AGE_SUM",
            "HOUSEHOLD_SIZE",
            "DUPLICATE_PLACE",
            "ORIGIN_EQUALS_PLACE",
            "RETIRED_PCODE",
            "PCODE_NORMALISED");
    assertThat(flags(2)).isEqualTo(flags(1));
    // the later rows' informants, dates and name were written over the first row's
    assertThat(assessments(whileRead))
        .anySatisfy(a -> assertThat(a).startsWith("BA|CAF0101|").contains("|5|2024-03-08|"))
        .anySatisfy(a -> assertThat(a).startsWith("SA|CAF0101-S01|").contains("|6|"));

    // again, each into its round, with another file: the replace step, type by type
    String next =
        FILE.lines().filter(l -> !l.startsWith("CAF0199")).collect(Collectors.joining("\n"));
    ReflectionTestUtils.setField(importer, "writeWhileReading", false);
    before = importFile("IWR-A", 1, next + "\n");
    ReflectionTestUtils.setField(importer, "writeWhileReading", true);
    after = importFile("IWR-A", 2, next + "\n");
    assertThat(after.replacedAssessments()).isEqualTo(before.replacedAssessments()).isEqualTo(6);
    assertThat(assessments(whileRead)).isEqualTo(assessments(staged)).hasSize(5);
    assertThat(figures(whileRead)).isEqualTo(figures(staged)).hasSize(15);
    assertThat(flags(2)).isEqualTo(flags(1));
    assertThat(rules(2)).doesNotContain("RETIRED_PCODE");
  }

  @Test
  void aBadRowAfterChunksWereStoredStoresNothingAndKeepsTheRoundAsItWas() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "IWR-B");
    Round round = tracking.createRound("IWR-B", 1, TrackingFixtures.ROUND_DATE);
    importFile("IWR-B", 1, FILE);
    List<String> assessments = assessments(round);
    List<String> figures = figures(round);
    long imports = imports(round);

    String bad = FILE + "CAF0999,,,BA,2024-03-05,2,Conflict,CAF01,,2,10,5,5,,,,,,,,,,,\n";
    assertThatThrownBy(() -> importFile("IWR-B", 1, bad))
        .isInstanceOf(OpenDtmException.class)
        .hasMessageContaining("1 error");
    // a value the reader takes but PostgreSQL refuses (a NUL in a text) in the first chunk: the
    // writer fails while the file is still read
    String refused =
        """
        Admin 2,Type,Shelter,IDP Ind
        #adm2+pcode,#assessment+type,#shelter+type,#affected+idp+ind
        CAF0101,BA,Tent,10
        CAF0102,BA,Te\u0000nt,10
        CAF0201,BA,Tent,10
        CAF0201,SA,Tent,10
        CAF0102,SA,Tent,10
        """;
    assertThatThrownBy(() -> importFile("IWR-B", 1, refused))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("COPY failed");

    assertThat(assessments(round)).isEqualTo(assessments);
    assertThat(figures(round)).isEqualTo(figures);
    assertThat(imports(round)).isEqualTo(imports);
  }

  @Test
  void aFileThatCreatesAPlaceLateIsImportedThroughTheStagingTableAsBefore() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "IWR-C");
    TrackingFixtures.operationWithGeography(geography, jdbc, "IWR-D");
    Round staged = tracking.createRound("IWR-C", 1, TrackingFixtures.ROUND_DATE);
    Round whileRead = tracking.createRound("IWR-D", 1, TrackingFixtures.ROUND_DATE);
    String file =
        FILE
            + "CAF0201,CAF0201-S07,Birao camp,SA,2024-03-11,2,Conflict,CAF01,,3,12,6,6,,,,,,,,,,,,,\n";

    ReflectionTestUtils.setField(importer, "writeWhileReading", false);
    ImportReport before = importFile("IWR-C", 1, file);
    ReflectionTestUtils.setField(importer, "writeWhileReading", true);
    ImportReport after = importFile("IWR-D", 1, file);

    assertThat(after.placesCreated()).isEqualTo(before.placesCreated()).hasSize(1);
    assertThat(after.assessmentsCreated()).isEqualTo(7);
    assertThat(assessments(whileRead)).isEqualTo(assessments(staged));
    assertThat(figures(whileRead)).isEqualTo(figures(staged));
    assertThat(imports(whileRead)).isEqualTo(1); // the undone first attempt left no record
  }

  @Test
  void dtmApiRecordsInACsvFileAreImportedThroughTheStagingTable() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "IWR-E");
    Round round = tracking.createRound("IWR-E", 1, TrackingFixtures.ROUND_DATE);
    ImportReport report =
        importFile(
            "IWR-E",
            1,
            """
            admin0Pcode,admin1Pcode,admin2Pcode,numPresentIdpInd,assessmentType
            CAF,CAF01,,30,BA
            CAF,CAF01,CAF0101,10,BA
            CAF,CAF01,CAF0102,20,BA
            """);
    assertThat(report.shape()).isEqualTo("DTM_API");
    assertThat(report.assessmentsCreated()).isEqualTo(2); // the finest level only
    assertThat(assessments(round)).hasSize(2);
  }

  private ImportReport importFile(String operation, int round, String content) throws IOException {
    Path file = Files.createTempFile(dir, "import", ".csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return tracking.importAssessments(
        operation, round, file, new ImportOptions("file.csv", null, null, "admin"));
  }

  /** The round's assessments in id order, with places by code rather than id. */
  private List<String> assessments(Round round) {
    return jdbc.sql(
            """
            select concat_ws('|', a.assessment_type, a.place, coalesce(a.place_name, '-'),
                             u.pcode, coalesce(l.code, '-'), coalesce(a.pcode_written, '-'),
                             coalesce(a.pcode_rule, '-'), coalesce(a.informants::text, '-'),
                             coalesce(a.collected_on::text, '-'), coalesce(a.event_date::text, '-'),
                             coalesce(a.event_cause, '-'), a.source_row, a.import_id is not null)
              from tracking.assessment a
              join geography.admin_unit u on u.id = a.admin_unit_id
              left join geography.location l on l.id = a.location_id
             where a.round_id = :round
             order by a.id
            """)
        .param("round", round.id())
        .query(String.class)
        .list();
  }

  /** The round's figures in id order, with their assessment's place and origins by code. */
  private List<String> figures(Round round) {
    return jdbc.sql(
            """
            select concat_ws('|', a.assessment_type, a.place, f.population_group,
                             coalesce(f.reason, '-'), coalesce(o.pcode, '-'),
                             coalesce(f.arrival_period, '-'), coalesce(f.shelter, '-'),
                             coalesce(f.households::text, '-'), coalesce(f.individuals::text, '-'),
                             coalesce(f.males::text, '-'), coalesce(f.females::text, '-'),
                             coalesce(f.sex_age::text, '-'), f.round_id = a.round_id)
              from tracking.population_figure f
              join tracking.assessment a on a.id = f.assessment_id
              left join geography.admin_unit o on o.id = f.origin_admin_unit_id
             where a.round_id = :round
             order by f.id
            """)
        .param("round", round.id())
        .query(String.class)
        .list();
  }

  private List<String> importRecord(Round round) {
    return jdbc.sql(
            """
            select concat_ws('|', file_name, format, shape, rows, created_by,
                             assessment_types::text)
              from tracking.assessment_import where round_id = :round order by id
            """)
        .param("round", round.id())
        .query(String.class)
        .list();
  }

  private long imports(Round round) {
    return jdbc.sql("select count(*) from tracking.assessment_import where round_id = :round")
        .param("round", round.id())
        .query(Long.class)
        .single();
  }

  private List<String> rules(int round) {
    return tracking.listFlags("IWR-A", round, null).stream()
        .filter(f -> f.status() != FlagStatus.RESOLVED)
        .map(ValidationFlag::rule)
        .distinct()
        .toList();
  }

  /** The round's flags, their assessment named by its type and place rather than its id. */
  private Set<String> flags(int round) {
    return tracking.listFlags("IWR-A", round, null).stream()
        .map(
            f ->
                String.join(
                    " | ",
                    f.rule(),
                    String.valueOf(f.severity()),
                    String.valueOf(f.status()),
                    f.fingerprint(),
                    f.assessmentId() == null ? "-" : assessmentOf(f.assessmentId()),
                    String.valueOf(f.place()),
                    f.message(),
                    String.valueOf(new TreeMap<>(f.details()))))
        .collect(Collectors.toSet());
  }

  private String assessmentOf(long id) {
    return jdbc.sql(
            "select assessment_type || ' ' || place from tracking.assessment where id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }
}
