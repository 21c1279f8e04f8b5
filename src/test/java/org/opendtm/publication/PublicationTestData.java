package org.opendtm.publication;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Builds an operation with geography, rounds, assessments and figures straight in the tables the
 * publication module reads, with fixed readable values. Tracking and geography are built by other
 * people in parallel; these fixtures depend only on the schema.
 */
public final class PublicationTestData {

  private final JdbcClient jdbc;
  private final long operationId;
  private final String operationCode;
  private final Map<String, Long> units = new HashMap<>();
  private final Map<Long, Long[]> ancestry = new HashMap<>();

  private PublicationTestData(JdbcClient jdbc, long operationId, String operationCode) {
    this.jdbc = jdbc;
    this.operationId = operationId;
    this.operationCode = operationCode;
  }

  /** A new operation with the default settings (public down to admin 2). */
  public static PublicationTestData operation(
      JdbcClient jdbc, String code, String name, String iso3, String countryName, int levels) {
    return operation(jdbc, code, name, iso3, countryName, levels, "{}");
  }

  public static PublicationTestData operation(
      JdbcClient jdbc,
      String code,
      String name,
      String iso3,
      String countryName,
      int levels,
      String settingsJson) {
    long id =
        jdbc.sql(
                """
                insert into geography.operation
                  (code, name, country_iso3, country_name, admin_levels, sex_age_bands, reasons,
                   settings)
                values (:code, :name, :iso3, :country, :levels, '{0_0,1_5,6_17,18_59,60}',
                        '{Conflict,Natural disaster}', cast(:settings as jsonb))
                returning id
                """)
            .param("code", code)
            .param("name", name)
            .param("iso3", iso3)
            .param("country", countryName)
            .param("levels", levels)
            .param("settings", settingsJson)
            .query(Long.class)
            .single();
    return new PublicationTestData(jdbc, id, code);
  }

  public long operationId() {
    return operationId;
  }

  public String code() {
    return operationCode;
  }

  public long unitId(String pcode) {
    return units.get(pcode);
  }

  /** An admin unit under the unit with P-code {@code parent} (null for admin 0). */
  public PublicationTestData unit(int level, String pcode, String name, String parent) {
    Long parentId = parent == null ? null : units.get(parent);
    long id =
        jdbc.sql(
                """
                insert into geography.admin_unit (operation_id, level, pcode, name, parent_id)
                values (:operation, :level, :pcode, :name, :parent) returning id
                """)
            .param("operation", operationId)
            .param("level", level)
            .param("pcode", pcode)
            .param("name", name)
            .param("parent", parentId)
            .query(Long.class)
            .single();
    Long[] adm = parentId == null ? new Long[6] : ancestry.get(parentId).clone();
    adm[level] = id;
    ancestry.put(id, adm);
    jdbc.sql(
            """
            insert into geography.admin_unit_ancestry
              (unit_id, operation_id, level, adm0_id, adm1_id, adm2_id, adm3_id, adm4_id, adm5_id)
            values (:id, :operation, :level, :a0, :a1, :a2, :a3, :a4, :a5)
            """)
        .param("id", id)
        .param("operation", operationId)
        .param("level", level)
        .param("a0", adm[0])
        .param("a1", adm[1])
        .param("a2", adm[2])
        .param("a3", adm[3])
        .param("a4", adm[4])
        .param("a5", adm[5])
        .update();
    units.put(pcode, id);
    return this;
  }

  /** A round in review. */
  public long round(int number, LocalDate reportingDate) {
    return jdbc.sql(
            """
            insert into tracking.round (operation_id, number, reporting_date, status)
            values (:operation, :number, :date, 'IN_REVIEW') returning id
            """)
        .param("operation", operationId)
        .param("number", number)
        .param("date", reportingDate)
        .query(Long.class)
        .single();
  }

  public long assessment(long roundId, String type, String unitPcode) {
    return jdbc.sql(
            """
            insert into tracking.assessment (round_id, assessment_type, admin_unit_id, place)
            values (:round, :type, :unit, :place) returning id
            """)
        .param("round", roundId)
        .param("type", type)
        .param("unit", units.get(unitPcode))
        .param("place", unitPcode)
        .query(Long.class)
        .single();
  }

  /** A figure; reason and origin may be null, as may males/females. */
  public PublicationTestData figure(
      long assessmentId,
      String group,
      String reason,
      String originPcode,
      int households,
      int individuals,
      Integer males,
      Integer females) {
    jdbc.sql(
            """
            insert into tracking.population_figure
              (assessment_id, population_group, reason, origin_admin_unit_id, households,
               individuals, males, females)
            values (:assessment, :group, :reason, :origin, :households, :individuals, :males,
                    :females)
            """)
        .param("assessment", assessmentId)
        .param("group", group)
        .param("reason", reason)
        .param("origin", originPcode == null ? null : units.get(originPcode))
        .param("households", households)
        .param("individuals", individuals)
        .param("males", males)
        .param("females", females)
        .update();
    return this;
  }

  /**
   * An IDP figure with a shelter type (may be null) and sex-and-age counts (female bands, then male
   * bands; null for none); males and females are the sums of the bands.
   */
  public PublicationTestData figureWithBands(
      long assessmentId, String reason, int households, String shelter, int... sexAge) {
    int females = 0;
    int males = 0;
    for (int i = 0; i < sexAge.length; i++) {
      if (i < sexAge.length / 2) females += sexAge[i];
      else males += sexAge[i];
    }
    jdbc.sql(
            """
            insert into tracking.population_figure
              (assessment_id, population_group, reason, households, individuals, males, females,
               shelter, sex_age)
            values (:assessment, 'IDP', :reason, :households, :individuals, :males, :females,
                    :shelter, :sexAge)
            """)
        .param("assessment", assessmentId)
        .param("reason", reason)
        .param("households", households)
        .param("individuals", females + males)
        .param("males", males)
        .param("females", females)
        .param("shelter", shelter)
        .param("sexAge", java.util.Arrays.stream(sexAge).boxed().toArray(Integer[]::new))
        .update();
    return this;
  }

  public void deleteFigures(long roundId) {
    jdbc.sql("delete from tracking.assessment where round_id = :round")
        .param("round", roundId)
        .update();
  }

  /** What tracking does when it publishes, minus the event: the revision is bumped. */
  public int bumpRevision(long roundId) {
    return jdbc.sql(
            """
            update tracking.round set revision = revision + 1, status = 'PUBLISHED'
             where id = :round returning revision
            """)
        .param("round", roundId)
        .query(Integer.class)
        .single();
  }

  public record RoundRef(long id, int number, LocalDate reportingDate) {}

  public RoundRef roundRef(long roundId) {
    return jdbc.sql("select id, number, reporting_date from tracking.round where id = :id")
        .param("id", roundId)
        .query(RoundRef.class)
        .single();
  }

  public List<String> pcodes() {
    return List.copyOf(units.keySet());
  }
}
