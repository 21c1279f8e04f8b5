package org.opendtm.publication.internal.disclosure;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.opendtm.geography.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Computes and stores the suppression runs of published revisions (in their own transactions) and
 * says which revision of each round public reads show: the latest one with a run ({@link
 * #SHOWN_ROUNDS}), so nothing unprotected is ever read. Public reads join {@code
 * publication.aggregate_suppression} of that run. Rules and arguments: docs/disclosure.md.
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
  private final ApplicationEventPublisher events;

  DisclosureControl(
      JdbcClient jdbc,
      JdbcTemplate template,
      PlatformTransactionManager tx,
      ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.template = template;
    this.events = events;
    this.writing = new TransactionTemplate(tx);
    this.writing.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** The threshold applied to an operation: its setting, never below {@link #MINIMUM_THRESHOLD}. */
  public static int threshold(Operation operation) {
    return Math.max(MINIMUM_THRESHOLD, operation.settings().suppressionThreshold());
  }

  /**
   * A current revision that public reads may not show yet: it has no run under the operation's
   * threshold today. Until it has, public reads show the round's latest revision that has one
   * (docs/disclosure.md, "When a new revision becomes public").
   */
  public record Unprotected(long roundId, int revision, int roundNumber) {}

  /** The operation's current revisions without a run under its threshold today. */
  public List<Unprotected> listUnprotected(Operation operation) {
    return jdbc.sql(
            """
            select pr.round_id, pr.revision, pr.round_number
              from publication.published_round pr
             where pr.operation_id = :operation and pr.current
               and not exists (select 1 from publication.disclosure_run r
                                where r.round_id = pr.round_id and r.revision = pr.revision
                                  and r.current and r.threshold = :threshold)
             order by pr.round_number
            """)
        .param("operation", operation.id())
        .param("threshold", threshold(operation))
        .query((rs, n) -> new Unprotected(rs.getLong(1), rs.getInt(2), rs.getInt(3)))
        .list();
  }

  /**
   * Computes the runs the operation's current revisions lack, each in its own transaction; cheap
   * when none is missing. Slow for a large revision: public readers do not call this, they wait for
   * {@link EagerDisclosure} a bounded time.
   */
  public void protect(Operation operation) {
    int threshold = threshold(operation);
    for (Unprotected revision : listUnprotected(operation)) {
      writing.executeWithoutResult(
          tx -> protect(operation, revision.roundId(), revision.revision(), threshold));
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
      Long run = currentRun(roundId, revision, threshold).orElse(null);
      if (run != null) return run;
      if (attempt > 0) throw new IllegalStateException("No disclosure run for round " + roundId);
      writing.executeWithoutResult(tx -> protect(operation, roundId, revision, threshold));
    }
  }

  /**
   * The revision public reads show of a round and its run: the latest revision with a current run
   * (docs/disclosure.md); empty while the round's first revision is not protected yet.
   */
  public Optional<ShownRevision> findShownRevision(long operationId, int roundNumber) {
    return jdbc.sql(
            """
            select pr.round_id, pr.revision, dr.id
              from publication.published_round pr
              join publication.disclosure_run dr
                on dr.round_id = pr.round_id and dr.revision = pr.revision and dr.current
             where pr.operation_id = :operation and pr.round_number = :number
             order by pr.revision desc
             limit 1
            """)
        .param("operation", operationId)
        .param("number", roundNumber)
        .query((rs, n) -> new ShownRevision(rs.getLong(1), rs.getInt(2), rs.getLong(3)))
        .optional();
  }

  /** A revision as public reads show it, with the run that protects it. */
  public record ShownRevision(long roundId, int revision, long runId) {}

  /**
   * The rounds public reads show, as a common table expression named {@code shown} with the columns
   * {@code round_id, revision, round_number, reporting_date, run_id}: per round of the operation
   * ({@code :operation}), its latest revision that has a current run. A revision without one is not
   * shown; the round's previous protected revision is, until the run is stored.
   */
  public static final String SHOWN_ROUNDS =
      """
      shown as (
        select distinct on (pr.round_id) pr.round_id, pr.revision, pr.round_number,
               pr.reporting_date, dr.id as run_id
          from publication.published_round pr
          join publication.disclosure_run dr
            on dr.round_id = pr.round_id and dr.revision = pr.revision and dr.current
         where pr.operation_id = :operation
         order by pr.round_id, pr.revision desc
      )
      """;

  private void protect(Operation operation, long roundId, int revision, int threshold) {
    // one writer per round; a concurrent reader that computed it first wins
    jdbc.sql("select pg_advisory_xact_lock(:key)")
        .param("key", 0x44495343L ^ roundId)
        .query((rs, n) -> 1)
        .list();
    if (currentRun(roundId, revision, threshold).isPresent()) return;

    long started = System.nanoTime();
    long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    Map<Integer, Revision> revisions = new HashMap<>();
    Revision current = revisions.computeIfAbsent(revision, r -> load(roundId, r));
    List<EarlierRun> runs = earlierRuns(roundId, revisions);
    long loaded = System.nanoTime();

    EarlierRun same = null;
    for (EarlierRun run : runs) {
      if (run.threshold() == threshold && run.tableDigest().equals(current.digest())) same = run;
    }
    Table.Protection protection;
    String unresolved;
    long built = loaded;
    int releases = 0;
    if (same != null) {
      // the same table under the same threshold: that run's pattern releases nothing new
      protection = new Table.Protection(hiddenKeys(same.id()), same.complements(), List.of());
      unresolved = same.unresolved();
    } else {
      // runs that published the same table with the same cells hidden are one release; the
      // union of their primary cells is the table's at the highest of their thresholds
      Map<String, EarlierRun> distinct = new LinkedHashMap<>();
      for (EarlierRun run : runs) {
        distinct.merge(
            run.tableDigest() + '/' + run.hiddenDigest(),
            run,
            (a, b) -> b.threshold() >= a.threshold() ? b : a);
      }
      List<Table.Release> earlier = new ArrayList<>();
      for (EarlierRun run : distinct.values()) {
        Revision rows = revisions.computeIfAbsent(run.revision(), r -> load(roundId, r));
        earlier.add(
            new Table.Release(
                PublicTable.build(rows.table(), run.threshold()), hiddenKeys(run.id())));
      }
      releases = earlier.size();
      Table table = PublicTable.build(current.table(), threshold);
      built = System.nanoTime();
      protection = table.protect(earlier);
      unresolved = json(protection.unresolved());
      if (!protection.unresolved().isEmpty()) {
        log.warn(
            "Round {} revision {}: {} primary cells are derivable from earlier releases whatever"
                + " is hidden now: {}",
            roundId,
            revision,
            protection.unresolved().size(),
            protection.unresolved());
      }
    }
    long computed = System.nanoTime();
    store(operation, roundId, revision, threshold, current, protection, unresolved);
    long stored = System.nanoTime();
    log.info(
        "Disclosure control of {} round {} revision {}: {}; {} cells hidden ({} complements) in"
            + " {} rows; read {} ms, tables {} ms, suppression {} ms, stored {} ms (JVM CPU {} ms)",
        operation.code(),
        current.roundNumber(),
        revision,
        same != null
            ? "same table as revision " + same.revision() + ", its run " + same.id() + " reused"
            : runs.size() + " earlier runs as " + releases + " releases",
        protection.hidden().size(),
        protection.complements(),
        current.rows().size(),
        (loaded - started) / 1_000_000,
        (built - loaded) / 1_000_000,
        (computed - built) / 1_000_000,
        (stored - computed) / 1_000_000,
        (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted) / 1_000_000);
  }

  private void store(
      Operation operation,
      long roundId,
      int revision,
      int threshold,
      Revision current,
      Table.Protection protection,
      String unresolved) {
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
                  (round_id, revision, threshold, hidden_cells, complements, unresolved, current,
                   table_digest, hidden_digest)
                values (:round, :revision, :threshold, :hidden, :complements,
                        cast(:unresolved as jsonb), true, :tableDigest, :hiddenDigest)
                returning id
                """)
            .param("round", roundId)
            .param("revision", revision)
            .param("threshold", threshold)
            .param("hidden", protection.hidden().size())
            .param("complements", protection.complements())
            .param("unresolved", unresolved)
            .param("tableDigest", current.digest())
            .param("hiddenDigest", digest(protection.hidden()))
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
    for (StoredRow row : current.rows()) {
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
    // last, so that the row stays locked only until the commit: a reader marking the revision as
    // read unprotected either did so before (and is seen here) or waits for the commit (and then
    // reads this run)
    Boolean readBefore =
        jdbc.sql(
                """
                select read_before_protected or not current from publication.published_round
                 where round_id = :round and revision = :revision
                   for update
                """)
            .param("round", roundId)
            .param("revision", revision)
            .query(Boolean.class)
            .optional()
            .orElse(true);
    if (readBefore) {
      jdbc.sql(
              """
              update publication.published_round set read_before_protected = false
               where round_id = :round and revision = :revision
              """)
          .param("round", roundId)
          .param("revision", revision)
          .update();
      events.publishEvent(new PublicFiguresProtected(operation.code(), roundId, revision));
    }
  }

  /**
   * Notes that public readers read these revisions' rounds while they were unprotected (so they got
   * the previous protected revision, or nothing of a new round): when their runs are stored,
   * answers kept since must go. Called before the read (the run locks the row when it is stored).
   */
  public void markReadUnprotected(List<Unprotected> revisions) {
    writing.executeWithoutResult(
        tx -> {
          for (Unprotected revision : revisions) {
            jdbc.sql(
                    """
                    update publication.published_round set read_before_protected = true
                     where round_id = :round and revision = :revision
                       and not read_before_protected
                    """)
                .param("round", revision.roundId())
                .param("revision", revision.revision())
                .update();
          }
        });
  }

  /**
   * The runs of the round so far, oldest first, with the digests of what they released (computed
   * and stored now for runs older than the digests).
   */
  private List<EarlierRun> earlierRuns(long roundId, Map<Integer, Revision> revisions) {
    List<EarlierRun> runs = new ArrayList<>();
    Map<Integer, String> tableDigests = new HashMap<>();
    for (EarlierRun run :
        jdbc.sql(
                """
                select id, revision, threshold, complements, unresolved::text,
                       table_digest, hidden_digest
                  from publication.disclosure_run
                 where round_id = :round order by id
                """)
            .param("round", roundId)
            .query(
                (rs, n) ->
                    new EarlierRun(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)))
            .list()) {
      if (run.tableDigest() == null || run.hiddenDigest() == null) {
        // a run older than the digests: its revision's rows are read for the digest only
        String table =
            tableDigests.computeIfAbsent(
                run.revision(),
                r ->
                    revisions.containsKey(r)
                        ? revisions.get(r).digest()
                        : load(roundId, r).digest());
        String hidden = digest(hiddenKeys(run.id()));
        jdbc.sql(
                """
                update publication.disclosure_run
                   set table_digest = :table, hidden_digest = :hidden
                 where id = :run
                """)
            .param("table", table)
            .param("hidden", hidden)
            .param("run", run.id())
            .update();
        run =
            new EarlierRun(
                run.id(),
                run.revision(),
                run.threshold(),
                run.complements(),
                run.unresolved(),
                table,
                hidden);
      }
      runs.add(run);
    }
    return runs;
  }

  private Set<String> hiddenKeys(long runId) {
    return new HashSet<>(
        jdbc.sql("select cell_key from publication.disclosure_hidden where run_id = :run")
            .param("run", runId)
            .query(String.class)
            .list());
  }

  private record EarlierRun(
      long id,
      int revision,
      int threshold,
      int complements,
      String unresolved,
      String tableDigest,
      String hiddenDigest) {}

  /** An aggregate row with its place in the public table. */
  private record StoredRow(long id, PublicTable.Row row) {
    String key(String measure) {
      return PublicTable.key(row.type(), row.geo(), row.reason(), row.origin(), measure);
    }
  }

  /** A revision's public rows and the digest of the table they make. */
  private record Revision(int roundNumber, List<StoredRow> rows, String digest) {
    List<PublicTable.Row> table() {
      return rows.stream().map(StoredRow::row).toList();
    }
  }

  private Revision load(long roundId, int revision) {
    List<StoredRow> rows = rows(roundId, revision);
    MessageDigest sha = sha256();
    StringBuilder line = new StringBuilder(128);
    for (StoredRow stored : rows) {
      PublicTable.Row r = stored.row();
      line.setLength(0);
      line.append(r.type())
          .append(PublicTable.SEP)
          .append(r.level())
          .append(PublicTable.SEP)
          .append(r.geo())
          .append(PublicTable.SEP)
          .append(r.parentGeo())
          .append(PublicTable.SEP)
          .append(r.reason())
          .append(PublicTable.SEP)
          .append(r.origin())
          .append(PublicTable.SEP)
          .append(r.households())
          .append(PublicTable.SEP)
          .append(r.individuals())
          .append(PublicTable.SEP)
          .append(r.males())
          .append(PublicTable.SEP)
          .append(r.females())
          .append('\n');
      sha.update(line.toString().getBytes(StandardCharsets.UTF_8));
    }
    Integer roundNumber =
        jdbc.sql(
                """
                select round_number from publication.published_round
                 where round_id = :round and revision = :revision
                """)
            .param("round", roundId)
            .param("revision", revision)
            .query(Integer.class)
            .single();
    return new Revision(roundNumber, rows, HexFormat.of().formatHex(sha.digest()));
  }

  /** The digest of a set of cell keys, whatever their order. */
  private static String digest(Set<String> keys) {
    MessageDigest sha = sha256();
    for (String key : new TreeSet<>(keys)) {
      sha.update(key.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The revision's rows in one fixed order (the digest depends on it). */
  private List<StoredRow> rows(long roundId, int revision) {
    return jdbc.sql(
            """
            select id, assessment_type, admin_level, admin0_pcode, admin1_pcode, admin2_pcode,
                   reason, origin_admin1_pcode, households, individuals, males, females
              from publication.aggregate
             where round_id = :round and revision = :revision
               and population_group = :group and admin_level <= :finest
             order by assessment_type, admin_level, admin0_pcode, admin1_pcode, admin2_pcode,
                      reason, origin_admin1_pcode nulls first
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
    return PublicTable.build(
        rows(roundId, revision).stream().map(StoredRow::row).toList(), threshold);
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

  /** The revision's current suppression run under the threshold, if it has one. */
  Optional<Long> currentRun(long roundId, int revision, int threshold) {
    return jdbc.sql(
            """
            select id from publication.disclosure_run
             where round_id = :round and revision = :revision and current
               and threshold = :threshold
            """)
        .param("round", roundId)
        .param("revision", revision)
        .param("threshold", threshold)
        .query(Long.class)
        .optional();
  }
}
