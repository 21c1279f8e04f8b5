package org.opendtm.publication.internal.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendtm.geography.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure every current revision of an operation has a suppression run under the operation's
 * threshold before anything of it is read publicly, computing missing runs (in their own
 * transaction). Public reads then join {@code publication.aggregate_suppression} of the current
 * run. Rules and arguments: docs/disclosure.md.
 */
@Component
public class DisclosureControl {

  /** The smallest threshold ever applied, whatever the settings say. */
  public static final int MINIMUM_THRESHOLD = 5;

  /** Population groups shown publicly (the public outputs are IDPs only). */
  static final String PUBLIC_GROUP = "IDP";

  /** Finest level of the public outputs (DTM API admin 2). */
  public static final int FINEST_PUBLIC_LEVEL = 2;

  private static final Logger log = LoggerFactory.getLogger(DisclosureControl.class);

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TransactionTemplate writing;

  DisclosureControl(JdbcClient jdbc, JdbcTemplate template, PlatformTransactionManager tx) {
    this.jdbc = jdbc;
    this.template = template;
    this.writing = new TransactionTemplate(tx);
    this.writing.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** The threshold applied to an operation: its setting, never below {@link #MINIMUM_THRESHOLD}. */
  public static int threshold(Operation operation) {
    return Math.max(MINIMUM_THRESHOLD, operation.settings().suppressionThreshold());
  }

  /** Computes the runs the operation's current revisions lack; cheap when none is missing. */
  public void protect(Operation operation) {
    int threshold = threshold(operation);
    List<long[]> missing =
        jdbc.sql(
                """
                select pr.round_id, pr.revision
                  from publication.published_round pr
                 where pr.operation_id = :operation and pr.current
                   and not exists (select 1 from publication.disclosure_run r
                                    where r.round_id = pr.round_id and r.revision = pr.revision
                                      and r.current and r.threshold = :threshold)
                """)
            .param("operation", operation.id())
            .param("threshold", threshold)
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .list();
    for (long[] revision : missing) {
      writing.executeWithoutResult(tx -> protect(revision[0], (int) revision[1], threshold));
    }
  }

  /**
   * The suppression run that reads of one revision (current or not) use, under the operation's
   * threshold today, computed first when missing. Signed-in readers without the right to full
   * figures read old revisions too; those were public while current, and a run computed now takes
   * every earlier run of the round into account like any other.
   *
   * @return the id of the run
   */
  public long runFor(Operation operation, long roundId, int revision) {
    int threshold = threshold(operation);
    for (int attempt = 0; ; attempt++) {
      Long run =
          jdbc.sql(
                  """
                  select id from publication.disclosure_run
                   where round_id = :round and revision = :revision and current
                     and threshold = :threshold
                  """)
              .param("round", roundId)
              .param("revision", revision)
              .param("threshold", threshold)
              .query(Long.class)
              .optional()
              .orElse(null);
      if (run != null) return run;
      if (attempt > 0) throw new IllegalStateException("No disclosure run for round " + roundId);
      writing.executeWithoutResult(tx -> protect(roundId, revision, threshold));
    }
  }

  private void protect(long roundId, int revision, int threshold) {
    // one writer per round; a concurrent reader that computed it first wins
    jdbc.sql("select pg_advisory_xact_lock(:key)")
        .param("key", 0x44495343L ^ roundId)
        .query((rs, n) -> 1)
        .list();
    Integer done =
        jdbc.sql(
                """
                select count(*) from publication.disclosure_run
                 where round_id = :round and revision = :revision and current
                   and threshold = :threshold
                """)
            .param("round", roundId)
            .param("revision", revision)
            .param("threshold", threshold)
            .query(Integer.class)
            .single();
    if (done > 0) return;

    List<Table.Release> earlier = new ArrayList<>();
    Map<Integer, List<StoredRow>> rowsByRevision = new HashMap<>();
    for (EarlierRun run :
        jdbc.sql(
                """
                select id, revision, threshold from publication.disclosure_run
                 where round_id = :round order by id
                """)
            .param("round", roundId)
            .query((rs, n) -> new EarlierRun(rs.getLong(1), rs.getInt(2), rs.getInt(3)))
            .list()) {
      List<StoredRow> rows = rowsByRevision.computeIfAbsent(run.revision(), r -> rows(roundId, r));
      Set<String> hidden =
          new HashSet<>(
              jdbc.sql("select cell_key from publication.disclosure_hidden where run_id = :run")
                  .param("run", run.id())
                  .query(String.class)
                  .list());
      earlier.add(new Table.Release(PublicTable.build(table(rows), run.threshold()), hidden));
    }
    List<StoredRow> rows = rowsByRevision.computeIfAbsent(revision, r -> rows(roundId, r));
    Table table = PublicTable.build(table(rows), threshold);
    Table.Protection protection = table.protect(earlier);
    if (!protection.unresolved().isEmpty()) {
      log.warn(
          "Round {} revision {}: {} primary cells are derivable from earlier releases whatever is"
              + " hidden now: {}",
          roundId,
          revision,
          protection.unresolved().size(),
          protection.unresolved());
    }

    jdbc.sql(
            """
            update publication.disclosure_run set current = false
             where round_id = :round and revision = :revision and current
            """)
        .param("round", roundId)
        .param("revision", revision)
        .update();
    long runId =
        jdbc.sql(
                """
                insert into publication.disclosure_run
                  (round_id, revision, threshold, hidden_cells, complements, unresolved, current)
                values (:round, :revision, :threshold, :hidden, :complements,
                        cast(:unresolved as jsonb), true)
                returning id
                """)
            .param("round", roundId)
            .param("revision", revision)
            .param("threshold", threshold)
            .param("hidden", protection.hidden().size())
            .param("complements", protection.complements())
            .param("unresolved", json(protection.unresolved()))
            .query(Long.class)
            .single();
    List<String> hidden = List.copyOf(protection.hidden());
    template.batchUpdate(
        "insert into publication.disclosure_hidden (run_id, cell_key) values (?, ?)",
        hidden,
        1000,
        (ps, key) -> {
          ps.setLong(1, runId);
          ps.setString(2, key);
        });
    List<Object[]> suppressed = new ArrayList<>();
    for (StoredRow row : rows) {
      boolean individuals = protection.hidden().contains(row.key(PublicTable.INDIVIDUALS));
      boolean males = protection.hidden().contains(row.key(PublicTable.MALES));
      boolean females = protection.hidden().contains(row.key(PublicTable.FEMALES));
      if (individuals || males || females) {
        suppressed.add(new Object[] {runId, row.id(), individuals, males, females});
      }
    }
    template.batchUpdate(
        """
        insert into publication.aggregate_suppression
          (run_id, aggregate_id, individuals, males, females) values (?, ?, ?, ?, ?)
        """,
        suppressed);
  }

  private record EarlierRun(long id, int revision, int threshold) {}

  /** An aggregate row with its place in the public table. */
  private record StoredRow(long id, PublicTable.Row row) {
    String key(String measure) {
      return PublicTable.key(row.type(), row.geo(), row.reason(), row.origin(), measure);
    }
  }

  private List<StoredRow> rows(long roundId, int revision) {
    return jdbc.sql(
            """
            select id, assessment_type, admin_level, admin0_pcode, admin1_pcode, admin2_pcode,
                   reason, origin_admin1_pcode, households, individuals, males, females
              from publication.aggregate
             where round_id = :round and revision = :revision
               and population_group = :group and admin_level <= :finest
            """)
        .param("round", roundId)
        .param("revision", revision)
        .param("group", PUBLIC_GROUP)
        .param("finest", FINEST_PUBLIC_LEVEL)
        .query(
            (rs, n) -> {
              int level = rs.getInt("admin_level");
              String admin0 = "0:" + rs.getString("admin0_pcode");
              String admin1 = "1:" + rs.getString("admin1_pcode");
              String admin2 = "2:" + rs.getString("admin2_pcode");
              String geo = level == 0 ? admin0 : level == 1 ? admin1 : admin2;
              String parent = level == 0 ? null : level == 1 ? admin0 : admin1;
              String origin = rs.getString("origin_admin1_pcode");
              return new StoredRow(
                  rs.getLong("id"),
                  new PublicTable.Row(
                      rs.getString("assessment_type"),
                      level,
                      geo,
                      parent,
                      rs.getString("reason"),
                      origin == null ? "" : origin,
                      rs.getLong("households"),
                      rs.getLong("individuals"),
                      (Long) rs.getObject("males", Long.class),
                      (Long) rs.getObject("females", Long.class)));
            })
        .list();
  }

  /**
   * The public table of a revision's aggregates under a threshold, as its runs see it (for the
   * breakdowns' joint protection, {@link BreakdownDisclosure}).
   */
  Table publicTable(long roundId, int revision, int threshold) {
    return PublicTable.build(table(rows(roundId, revision)), threshold);
  }

  private static List<PublicTable.Row> table(List<StoredRow> rows) {
    return rows.stream().map(StoredRow::row).toList();
  }

  private static String json(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (String value : values) {
      if (out.length() > 1) out.append(',');
      out.append('"');
      for (char c : value.toCharArray()) {
        if (c == '"' || c == '\\') out.append('\\').append(c);
        else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
        else out.append(c);
      }
      out.append('"');
    }
    return out.append(']').toString();
  }
}
