package org.opendtm.publication.internal.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Disclosure control of the published breakdowns (sex-and-age bands, shelter types) for public
 * reads: the same rules as the aggregates ({@link DisclosureControl}), computed jointly with them.
 *
 * <p>A run protects one revision's breakdown table ({@link BreakdownTable}) under the operation's
 * threshold. Earlier releases given to the engine: every aggregates run of the round (so the
 * aggregates' primary cells stay underivable with the breakdowns added, and what they published is
 * known) and every earlier breakdown run of the round (sticky cells, differencing between
 * revisions). Only breakdown cells are ever chosen as complements: what the aggregates published is
 * out already. A run is tied to the aggregates run it was computed against and is recomputed when
 * that one is replaced (threshold change).
 */
@Component
public class BreakdownDisclosure {

  /** What public reads need of a unit's breakdown cells. */
  public record Cells(long runId, Set<String> hidden) {

    public boolean hiddenBand(String type, String geo, String band, boolean female) {
      return hidden.contains(BreakdownTable.sexAgeKey(type, geo, band, female));
    }

    public boolean hiddenShelter(String type, String geo, String shelter) {
      return hidden.contains(BreakdownTable.shelterKey(type, geo, shelter));
    }
  }

  private static final Logger log = LoggerFactory.getLogger(BreakdownDisclosure.class);

  private final DisclosureControl aggregates;
  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TransactionTemplate writing;

  BreakdownDisclosure(
      DisclosureControl aggregates,
      JdbcClient jdbc,
      JdbcTemplate template,
      PlatformTransactionManager tx) {
    this.aggregates = aggregates;
    this.jdbc = jdbc;
    this.template = template;
    this.writing = new TransactionTemplate(tx);
    this.writing.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * The hidden breakdown cells of one unit of a revision public reads show, computing the
   * revision's breakdown run first when missing; empty when the revision has no breakdowns or its
   * aggregates have no run under today's threshold yet.
   *
   * @param geo the unit as {@code level:pcode}
   */
  public Optional<Cells> hiddenCells(
      Operation operation, long roundId, int revision, String type, String geo) {
    // the aggregates' run this one builds on is computed by EagerDisclosure, never by a reader:
    // without it, nothing of the breakdown is shown
    int threshold = DisclosureControl.threshold(operation);
    Long run = writing.execute(tx -> protect(roundId, revision, threshold));
    if (run == null) return Optional.empty();
    Set<String> hidden =
        new HashSet<>(
            jdbc.sql(
                    """
                    select cell_key from publication.breakdown_disclosure_hidden
                     where run_id = :run and starts_with(cell_key, :prefix)
                    """)
                .param("run", run)
                .param("prefix", type + PublicTable.SEP + geo + PublicTable.SEP)
                .query(String.class)
                .list());
    return Optional.of(new Cells(run, hidden));
  }

  /**
   * Computes the runs the operation's current revisions with breakdowns lack (after the aggregates'
   * runs); cheap when none is missing.
   */
  public void protect(Operation operation) {
    aggregates.protect(operation);
    protectWhereAggregatesAre(operation);
  }

  /**
   * Computes the runs the operation's current revisions with breakdowns lack, for revisions whose
   * aggregates' run exists (the others wait for theirs, {@link #protect}). Takes no lock of the
   * aggregates' computation: called on the breakdown worker right after it stored a revision's
   * breakdowns, while a slow aggregates run of the same operation may still be under way.
   */
  public void protectWhereAggregatesAre(Operation operation) {
    int threshold = DisclosureControl.threshold(operation);
    for (long[] revision :
        jdbc.sql(
                """
                select pr.round_id, pr.revision
                  from publication.published_round pr
                  join publication.breakdown_revision b
                    on b.round_id = pr.round_id and b.revision = pr.revision
                 where pr.operation_id = :operation and pr.current
                """)
            .param("operation", operation.id())
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .list()) {
      writing.execute(tx -> protect(revision[0], (int) revision[1], threshold));
    }
  }

  /** The current run of the revision under the threshold, computed when missing. */
  private Long protect(long roundId, int revision, int threshold) {
    Long mainRun = aggregates.currentRun(roundId, revision, threshold).orElse(null);
    Boolean computed =
        jdbc.sql(
                """
                select exists (select 1 from publication.breakdown_revision
                                where round_id = :round and revision = :revision)
                """)
            .param("round", roundId)
            .param("revision", revision)
            .query(Boolean.class)
            .single();
    if (mainRun == null || !computed) return null;
    Optional<Long> done = currentRun(roundId, revision, threshold, mainRun);
    if (done.isPresent()) return done.get();
    // one writer per round; a concurrent reader that computed it first wins
    jdbc.sql("select pg_advisory_xact_lock(:key)")
        .param("key", 0x42524b44L ^ roundId)
        .query((rs, n) -> 1)
        .list();
    done = currentRun(roundId, revision, threshold, mainRun);
    if (done.isPresent()) return done.get();

    long started = System.nanoTime();
    Map<String, Table> mainTables = new HashMap<>();
    Table current =
        breakdownTable(
            roundId, revision, threshold, mainTable(mainTables, roundId, revision, threshold));
    if (nothingToHide(roundId, current)) {
      // no small cell, nothing hidden before in the round, no total the aggregates hid: the
      // breakdowns only add equations between published values, so nothing can be derived
      return store(
          roundId,
          revision,
          threshold,
          mainRun,
          current,
          new Table.Protection(java.util.Set.of(), 0, List.of()),
          0,
          started);
    }
    List<Table.Release> earlier = new ArrayList<>();
    // aggregates runs that released the same table with the same cells hidden are one release
    // (DisclosureControl); runs older than the digests count each on their own
    Map<String, Run> mainRuns = new java.util.LinkedHashMap<>();
    for (Run run :
        jdbc.sql(
                """
                select id, revision, threshold,
                       coalesce(table_digest || '/' || hidden_digest, cast(id as text))
                  from publication.disclosure_run
                 where round_id = :round order by id
                """)
            .param("round", roundId)
            .query((rs, n) -> new Run(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getString(4)))
            .list()) {
      mainRuns.merge(run.release(), run, (a, b) -> b.threshold() >= a.threshold() ? b : a);
    }
    for (Run run : mainRuns.values()) {
      earlier.add(
          new Table.Release(
              mainTable(mainTables, roundId, run.revision(), run.threshold()),
              hidden("publication.disclosure_hidden", run.id())));
    }
    for (Run run :
        jdbc.sql(
                """
                select id, revision, threshold from publication.breakdown_disclosure_run
                 where round_id = :round order by id
                """)
            .param("round", roundId)
            .query((rs, n) -> new Run(rs.getLong(1), rs.getInt(2), rs.getInt(3), null))
            .list()) {
      earlier.add(
          new Table.Release(
              breakdownTable(
                  roundId,
                  run.revision(),
                  run.threshold(),
                  mainTable(mainTables, roundId, run.revision(), run.threshold())),
              hidden("publication.breakdown_disclosure_hidden", run.id())));
    }
    Table.Protection protection = current.protect(earlier);
    return store(
        roundId, revision, threshold, mainRun, current, protection, earlier.size(), started);
  }

  private long store(
      long roundId,
      int revision,
      int threshold,
      long mainRun,
      Table table,
      Table.Protection protection,
      int earlier,
      long started) {
    if (!protection.unresolved().isEmpty()) {
      log.warn(
          "Breakdowns of round {} revision {}: {} primary cells are derivable whatever is hidden"
              + " now: {}",
          roundId,
          revision,
          protection.unresolved().size(),
          protection.unresolved());
    }
    jdbc.sql(
            """
            update publication.breakdown_disclosure_run set current = false
             where round_id = :round and revision = :revision and current
            """)
        .param("round", roundId)
        .param("revision", revision)
        .update();
    long runId =
        jdbc.sql(
                """
                insert into publication.breakdown_disclosure_run
                  (round_id, revision, threshold, main_run_id, hidden_cells, complements,
                   unresolved, current)
                values (:round, :revision, :threshold, :main, :hidden, :complements,
                        to_jsonb(cast(:unresolved as text[])), true)
                returning id
                """)
            .param("round", roundId)
            .param("revision", revision)
            .param("threshold", threshold)
            .param("main", mainRun)
            .param("hidden", protection.hidden().size())
            .param("complements", protection.complements())
            .param("unresolved", protection.unresolved().toArray(String[]::new))
            .query(Long.class)
            .single();
    List<String> hidden = List.copyOf(protection.hidden());
    template.batchUpdate(
        "insert into publication.breakdown_disclosure_hidden (run_id, cell_key) values (?, ?)",
        hidden,
        1000,
        (ps, key) -> {
          ps.setLong(1, runId);
          ps.setString(2, key);
        });
    log.info(
        "Breakdowns of round {} revision {} protected: {} of {} cells hidden, {} complements,"
            + " {} earlier releases, in {} ms",
        roundId,
        revision,
        hidden.size(),
        table.values().size(),
        protection.complements(),
        earlier,
        (System.nanoTime() - started) / 1_000_000);
    return runId;
  }

  /**
   * Whether the breakdown table can be published whole without the engine: no sensitive cell
   * (totals the aggregates found sensitive included), no breakdown cell hidden by an earlier run of
   * the round, and no total of this table hidden by any aggregates run of the round.
   */
  private boolean nothingToHide(long roundId, Table table) {
    if (!table.sensitive().isEmpty()) return false;
    boolean hiddenBefore =
        jdbc.sql(
                """
                select exists (select 1 from publication.breakdown_disclosure_hidden h
                                 join publication.breakdown_disclosure_run r on r.id = h.run_id
                                where r.round_id = :round)
                """)
            .param("round", roundId)
            .query(Boolean.class)
            .single();
    if (hiddenBefore) return false;
    List<String> totals =
        table.values().keySet().stream()
            .filter(k -> !k.contains(BreakdownTable.SEX_AGE) && !k.contains(BreakdownTable.SHELTER))
            .toList();
    if (totals.isEmpty()) return true;
    return !jdbc.sql(
            """
            select exists (select 1 from publication.disclosure_hidden h
                             join publication.disclosure_run r on r.id = h.run_id
                            where r.round_id = :round and h.cell_key in (:keys))
            """)
        .param("round", roundId)
        .param("keys", totals)
        .query(Boolean.class)
        .single();
  }

  private record Run(long id, int revision, int threshold, String release) {}

  private Optional<Long> currentRun(long roundId, int revision, int threshold, long mainRun) {
    return jdbc.sql(
            """
            select id from publication.breakdown_disclosure_run
             where round_id = :round and revision = :revision and current
               and threshold = :threshold and main_run_id = :main
            """)
        .param("round", roundId)
        .param("revision", revision)
        .param("threshold", threshold)
        .param("main", mainRun)
        .query(Long.class)
        .optional();
  }

  private Table mainTable(Map<String, Table> cache, long roundId, int revision, int threshold) {
    return cache.computeIfAbsent(
        revision + "/" + threshold, x -> aggregates.publicTable(roundId, revision, threshold));
  }

  private Set<String> hidden(String table, long runId) {
    // the table name is one of two constants of this class, never a value from outside
    return new HashSet<>(
        jdbc.sql("select cell_key from " + table + " where run_id = :run")
            .param("run", runId)
            .query(String.class)
            .list());
  }

  private Table breakdownTable(long roundId, int revision, int threshold, Table main) {
    List<String> bands =
        jdbc.sql(
                """
                select bands from publication.breakdown_revision
                 where round_id = :round and revision = :revision
                """)
            .param("round", roundId)
            .param("revision", revision)
            .query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
            .optional()
            .orElse(List.of());
    List<BreakdownTable.SexAgeCells> sexAge =
        jdbc.sql(
                """
                select assessment_type, admin_level, unit_pcode, parent_pcode, females, males
                  from publication.sex_age_total
                 where round_id = :round and revision = :revision
                   and population_group = :group and admin_level <= :finest
                """)
            .param("round", roundId)
            .param("revision", revision)
            .param("group", DisclosureControl.PUBLIC_GROUP)
            .param("finest", DisclosureControl.FINEST_PUBLIC_LEVEL)
            .query(
                (rs, n) -> {
                  int level = rs.getInt("admin_level");
                  return new BreakdownTable.SexAgeCells(
                      rs.getString("assessment_type"),
                      geo(level, rs.getString("unit_pcode")),
                      level == 0 ? null : geo(level - 1, rs.getString("parent_pcode")),
                      bands,
                      longs(rs.getArray("females")),
                      longs(rs.getArray("males")));
                })
            .list();
    List<BreakdownTable.ShelterCell> shelters =
        jdbc.sql(
                """
                select assessment_type, admin_level, unit_pcode, parent_pcode, shelter,
                       households, individuals
                  from publication.shelter_total
                 where round_id = :round and revision = :revision
                   and population_group = :group and admin_level <= :finest
                """)
            .param("round", roundId)
            .param("revision", revision)
            .param("group", DisclosureControl.PUBLIC_GROUP)
            .param("finest", DisclosureControl.FINEST_PUBLIC_LEVEL)
            .query(
                (rs, n) -> {
                  int level = rs.getInt("admin_level");
                  return new BreakdownTable.ShelterCell(
                      rs.getString("assessment_type"),
                      geo(level, rs.getString("unit_pcode")),
                      level == 0 ? null : geo(level - 1, rs.getString("parent_pcode")),
                      rs.getString("shelter"),
                      rs.getLong("households"),
                      rs.getLong("individuals"));
                })
            .list();
    return BreakdownTable.build(sexAge, shelters, main, threshold);
  }

  /** A unit as the public tables key it: its level and P-code. */
  public static String geo(int level, String pcode) {
    return level + ":" + pcode;
  }

  private static long[] longs(java.sql.Array array) throws java.sql.SQLException {
    Object[] values = (Object[]) array.getArray();
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] == null ? 0 : ((Number) values[i]).longValue();
    }
    return out;
  }
}
