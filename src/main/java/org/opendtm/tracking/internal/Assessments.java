package org.opendtm.tracking.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendtm.tracking.Assessment;
import org.opendtm.tracking.AssessmentPage;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.FigureInput;
import org.opendtm.tracking.PopulationGroup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Assessments and their population figures. */
@Repository
public class Assessments {

  private final JdbcClient jdbc;

  Assessments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public AssessmentPage page(long roundId, AssessmentType type, String place, int page, int size) {
    String where =
        """
         where round_id = :round
           and (cast(:type as text) is null or assessment_type = :type)
           and (cast(:place as text) is null or upper(place) = upper(:place))
        """;
    Map<String, Object> params = new HashMap<>();
    params.put("round", roundId);
    params.put("type", type == null ? null : type.name());
    params.put("place", place == null || place.isBlank() ? null : place.strip());
    long total =
        jdbc.sql("select count(*) from tracking.assessment" + where)
            .params(params)
            .query(Long.class)
            .single();
    params.put("limit", size);
    params.put("offset", (long) page * size);
    List<Assessment> items =
        jdbc.sql(
                """
                select id, round_id, assessment_type, place, place_name, admin_unit_id,
                       location_id, informants, collected_on, import_id, source_row
                  from tracking.assessment
                """
                    + where
                    + " order by assessment_type, place, id limit :limit offset :offset")
            .params(params)
            .query((rs, n) -> map(rs, List.of()))
            .list();
    return new AssessmentPage(withFigures(items), page, size, total);
  }

  public Optional<Assessment> find(long roundId, long assessmentId) {
    return jdbc.sql(
            """
            select id, round_id, assessment_type, place, place_name, admin_unit_id, location_id,
                   informants, collected_on, import_id, source_row
              from tracking.assessment where round_id = :round and id = :id
            """)
        .param("round", roundId)
        .param("id", assessmentId)
        .query((rs, n) -> map(rs, List.of()))
        .optional()
        .map(a -> withFigures(List.of(a)).get(0));
  }

  public void replaceFigures(long assessmentId, List<FigureInput> figures) {
    jdbc.sql(
            """
            delete from tracking.population_figure
             where round_id = (select round_id from tracking.assessment where id = :id)
               and assessment_id = :id
            """)
        .param("id", assessmentId)
        .update();
    for (FigureInput f : figures) {
      jdbc.sql(
              """
              insert into tracking.population_figure
                (assessment_id, round_id, population_group, reason, origin_admin_unit_id,
                 arrival_period, shelter, households, individuals, males, females, sex_age)
              values (:id, (select round_id from tracking.assessment where id = :id), :group, :reason, :origin, :arrival, :shelter, :households,
                      :individuals, :males, :females, cast(:sexAge as int[]))
              """)
          .param("id", assessmentId)
          .param("group", f.group().name())
          .param("reason", f.reason())
          .param("origin", f.originAdminUnitId())
          .param("arrival", f.arrivalPeriod())
          .param("shelter", f.shelter())
          .param("households", f.households())
          .param("individuals", f.individuals())
          .param("males", f.males())
          .param("females", f.females())
          .param("sexAge", f.sexAge() == null ? null : f.sexAge().toArray(Integer[]::new))
          .update();
    }
  }

  public void delete(long assessmentId) {
    jdbc.sql("delete from tracking.assessment where id = :id").param("id", assessmentId).update();
  }

  public Map<AssessmentType, Long> countsByType(long roundId) {
    Map<AssessmentType, Long> counts = new java.util.EnumMap<>(AssessmentType.class);
    jdbc.sql(
            """
            select assessment_type, count(*) from tracking.assessment
             where round_id = :round group by 1
            """)
        .param("round", roundId)
        .query((rs, n) -> counts.put(AssessmentType.valueOf(rs.getString(1)), rs.getLong(2)))
        .list();
    return counts;
  }

  private List<Assessment> withFigures(List<Assessment> items) {
    if (items.isEmpty()) return items;
    Map<Long, List<Assessment.Figure>> figures = new HashMap<>();
    jdbc.sql(
            """
            select f.id, f.assessment_id, f.population_group, f.reason, f.origin_admin_unit_id,
                   f.arrival_period, f.shelter, f.households, f.individuals, f.males, f.females,
                   f.sex_age
              from tracking.assessment a
              join tracking.population_figure f
                on f.round_id = a.round_id and f.assessment_id = a.id
             where a.id = any(:ids)
             order by f.id
            """)
        .param("ids", items.stream().map(Assessment::id).toArray(Long[]::new))
        .query(
            (rs, n) ->
                figures
                    .computeIfAbsent(rs.getLong("assessment_id"), k -> new ArrayList<>())
                    .add(
                        new Assessment.Figure(
                            rs.getLong("id"),
                            PopulationGroup.valueOf(rs.getString("population_group")),
                            rs.getString("reason"),
                            (Long) rs.getObject("origin_admin_unit_id"),
                            rs.getString("arrival_period"),
                            rs.getString("shelter"),
                            (Integer) rs.getObject("households"),
                            (Integer) rs.getObject("individuals"),
                            (Integer) rs.getObject("males"),
                            (Integer) rs.getObject("females"),
                            ints(rs.getArray("sex_age")))))
        .list();
    return items.stream()
        .map(
            a ->
                new Assessment(
                    a.id(),
                    a.roundId(),
                    a.type(),
                    a.place(),
                    a.placeName(),
                    a.adminUnitId(),
                    a.locationId(),
                    a.informants(),
                    a.collectedOn(),
                    a.importId(),
                    a.sourceRow(),
                    figures.getOrDefault(a.id(), List.of())))
        .toList();
  }

  private static List<Integer> ints(Array array) throws SQLException {
    return array == null ? null : Arrays.asList((Integer[]) array.getArray());
  }

  private static Assessment map(ResultSet rs, List<Assessment.Figure> figures) throws SQLException {
    return new Assessment(
        rs.getLong("id"),
        rs.getLong("round_id"),
        AssessmentType.valueOf(rs.getString("assessment_type")),
        rs.getString("place"),
        rs.getString("place_name"),
        rs.getLong("admin_unit_id"),
        (Long) rs.getObject("location_id"),
        (Integer) rs.getObject("informants"),
        rs.getObject("collected_on", LocalDate.class),
        (Long) rs.getObject("import_id"),
        (Long) rs.getObject("source_row"),
        figures);
  }
}
