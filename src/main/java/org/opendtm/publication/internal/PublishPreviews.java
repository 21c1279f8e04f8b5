package org.opendtm.publication.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.opendtm.publication.PublishPreview.Change;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The figures behind a publish preview: the round's figures now, summed per assessment type and
 * admin 1 through the declared view {@code v_figure_for_publication} (as publishing would), and the
 * same cells of a published revision. Read-only.
 */
@Repository
public class PublishPreviews {

  /** A round's published baseline: its own current revision, else the latest earlier one. */
  public record Baseline(long roundId, int roundNumber, int revision) {}

  private final JdbcClient jdbc;

  PublishPreviews(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Baseline> findBaseline(long operationId, int roundNumber) {
    return jdbc.sql(
            """
            select round_id, round_number, revision from publication.published_round
             where operation_id = :operation and current and round_number <= :number
             order by round_number desc limit 1
            """)
        .param("operation", operationId)
        .param("number", roundNumber)
        .query((rs, n) -> new Baseline(rs.getLong(1), rs.getInt(2), rs.getInt(3)))
        .optional();
  }

  /**
   * Per assessment type and admin 1 (null P-code: places above admin 1), before and after, sorted
   * by type then P-code.
   */
  public List<Change> compare(long roundId, Baseline baseline) {
    Map<String, long[]> cells = new TreeMap<>();
    Map<String, String[]> labels = new LinkedHashMap<>();
    jdbc.sql(
            """
            select f.assessment_type, u.pcode, u.name, f.population_group,
                   coalesce(sum(f.individuals), 0) as individuals
              from publication.v_figure_for_publication f
              left join publication.v_admin_unit_for_publication u on u.id = f.adm1_id
             where f.round_id = :round and f.population_group in ('IDP', 'RETURNEE')
             group by 1, 2, 3, 4
            """)
        .param("round", roundId)
        .query(
            (rs, n) -> {
              add(
                  cells,
                  labels,
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getLong(5),
                  true);
              return null;
            })
        .list();
    if (baseline != null) {
      jdbc.sql(
              """
              select assessment_type, admin1_pcode, admin1_name, population_group,
                     sum(individuals) as individuals
                from publication.aggregate
               where round_id = :round and revision = :revision and admin_level = 1
                 and population_group in ('IDP', 'RETURNEE')
               group by 1, 2, 3, 4
              """)
          .param("round", baseline.roundId())
          .param("revision", baseline.revision())
          .query(
              (rs, n) -> {
                add(
                    cells,
                    labels,
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getLong(5),
                    false);
                return null;
              })
          .list();
    }
    List<Change> changes = new ArrayList<>();
    cells.forEach(
        (key, v) -> {
          String[] label = labels.get(key);
          changes.add(new Change(label[0], label[1], label[2], v[0], v[1], v[2], v[3]));
        });
    changes.sort(
        Comparator.comparing(Change::assessmentType)
            .thenComparing(Change::pcode, Comparator.nullsFirst(Comparator.naturalOrder())));
    return changes;
  }

  /** The per-type totals of the rows (admin 0). */
  public static List<Change> totals(List<Change> rows) {
    Map<String, long[]> byType = new TreeMap<>();
    for (Change c : rows) {
      long[] t = byType.computeIfAbsent(c.assessmentType(), k -> new long[4]);
      t[0] += c.idpsBefore();
      t[1] += c.idpsAfter();
      t[2] += c.returneesBefore();
      t[3] += c.returneesAfter();
    }
    List<Change> totals = new ArrayList<>();
    byType.forEach((type, t) -> totals.add(new Change(type, null, null, t[0], t[1], t[2], t[3])));
    return totals;
  }

  private static void add(
      Map<String, long[]> cells,
      Map<String, String[]> labels,
      String type,
      String pcode,
      String name,
      String group,
      long individuals,
      boolean after) {
    String key = type + "\u0000" + (pcode == null ? "" : pcode);
    long[] v = cells.computeIfAbsent(key, k -> new long[4]);
    labels.putIfAbsent(key, new String[] {type, pcode, name});
    int slot = ("IDP".equals(group) ? 0 : 2) + (after ? 1 : 0);
    v[slot] += individuals;
  }
}
