package org.opendtm.tracking.internal;

import jakarta.annotation.PreDestroy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.opendtm.platform.DaemonThreads;
import org.opendtm.tracking.PopulationGroup;
import org.opendtm.tracking.RoundPublished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A published round's individuals per assessment type, place and population group ({@code
 * tracking.place_total}), what ROUND_CHANGE compares the next round with ({@link Validation}).
 * Summed once per published revision, on one background thread after the publication commits, so
 * that neither the publication nor the next round's imports pay for it (docs/perf.md section 20).
 *
 * <p>The sums are read from the figures of today, which are the revision's only while the round is
 * still published at that revision: each computation locks the round's row ({@code FOR SHARE}) and
 * checks it, so a reopening (which locks it {@code FOR UPDATE}) either waits for the sums or has
 * committed before and nothing is summed. Sums are stamped with their revision ({@code
 * place_total_revision}); validation uses them only when the stamp is the round's published
 * revision, and sums the figures itself otherwise (right after a publication, or when this worker
 * failed).
 */
@Component
public class PlaceTotals {

  private static final Logger log = LoggerFactory.getLogger(PlaceTotals.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(DaemonThreads.named("place-totals"));

  /**
   * Loads for imports being read: at most {@link #LOADS} at once, each on a pooled connection of
   * its own; an import whose load finds them all busy loads at validation, in its own transaction.
   */
  private final ExecutorService loader =
      new ThreadPoolExecutor(
          0,
          LOADS,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          DaemonThreads.named("place-totals-load"));

  private static final int LOADS = 4;

  private final boolean command;

  PlaceTotals(
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      @Value("${opendtm.cli:false}") boolean command) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.command = command;
  }

  /** After a publication commits: sums its revision (nothing when it rolled back). */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  void on(RoundPublished published) {
    submit(
        () ->
            computeLogged(
                published.roundId(),
                published.revision(),
                published.operationCode() + " round " + published.roundNumber()));
  }

  /**
   * After a start: sums each operation's latest published round that has none for its revision (a
   * database upgraded from a version without them, or a worker stopped by a shutdown). Only the
   * latest: that is the round the next round is compared with. Not for a command-line command,
   * which ends before such work would (the next server start does it).
   */
  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    if (command) return;
    submit(this::keepMissing);
  }

  /**
   * Sums, now, each operation's latest published round that has none kept for its revision.
   *
   * @return how many rounds got their sums
   */
  public int keepMissing() {
    List<long[]> missing =
        jdbc.sql(
                """
                select r.id, r.revision from tracking.round r
                 where r.status = 'PUBLISHED'
                   and r.number = (select max(l.number) from tracking.round l
                                    where l.operation_id = r.operation_id
                                      and l.status = 'PUBLISHED')
                   and not exists (select 1 from tracking.place_total_revision t
                                    where t.round_id = r.id and t.revision = r.revision)
                 order by r.id
                """)
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .list();
    int kept = 0;
    for (long[] round : missing) {
      if (computeLogged(round[0], (int) round[1], "round id " + round[0])) kept++;
    }
    return kept;
  }

  private void submit(Runnable task) {
    try {
      worker.execute(task);
    } catch (RejectedExecutionException e) {
      // shutting down: the next start sums what is missing
    }
  }

  /** {@link #compute}, logged; whether sums were stored. */
  private boolean computeLogged(long roundId, int revision, String what) {
    long started = System.nanoTime();
    try {
      long rows = compute(roundId, revision);
      if (rows < 0) return false;
      // the next round's imports compare with them: kept in memory for them too
      try {
        int number = number(roundId);
        for (String type : types(roundId)) load(roundId, number, revision, type);
      } catch (RuntimeException e) {
        log.warn(
            "Place totals of {} revision {} not kept in memory: {}", what, revision, e.toString());
      }
      log.info(
          "Place totals of {} revision {}: {} rows in {} ms",
          what,
          revision,
          rows,
          (System.nanoTime() - started) / 1_000_000);
      return true;
    } catch (RuntimeException e) {
      log.warn("No place totals for {} revision {}: {}", what, revision, e.toString());
      return false;
    }
  }

  /**
   * One transaction: checks that the round is still published at the revision, then replaces its
   * sums.
   *
   * @return the rows stored, or -1 when the round is no longer published at that revision or its
   *     sums are already stored
   */
  long compute(long roundId, int revision) {
    Long stored =
        transaction.execute(
            tx -> {
              // a reopening waits for this transaction from here on, or has committed before
              boolean published =
                  jdbc.sql(
                          """
                          select status = 'PUBLISHED' and revision = :revision
                            from tracking.round where id = :round for share
                          """)
                      .param("round", roundId)
                      .param("revision", revision)
                      .query(Boolean.class)
                      .optional()
                      .orElse(false);
              if (!published || isCurrent(roundId, revision)) return -1L;
              jdbc.sql("delete from tracking.place_total where round_id = :round")
                  .param("round", roundId)
                  .update();
              // the round was just written: its statistics may not know it yet (docs/perf.md
              // section 18); both sides are whole index ranges, joined by hash
              jdbc.sql("set local enable_nestloop = off").update();
              long rows =
                  jdbc.sql(
                          """
                          insert into tracking.place_total
                            (round_id, assessment_type, place, idp, returnee, migrant, host)
                          select :round, a.assessment_type, a.place,
                                 sum(f.individuals) filter (where f.population_group = 'IDP'),
                                 sum(f.individuals) filter (where f.population_group = 'RETURNEE'),
                                 sum(f.individuals) filter (where f.population_group = 'MIGRANT'),
                                 sum(f.individuals) filter (where f.population_group = 'HOST')
                            from tracking.population_figure f
                            join tracking.assessment a on a.id = f.assessment_id
                                 and a.round_id = :round
                           where f.round_id = :round and f.individuals is not null
                           group by a.assessment_type, a.place
                          """)
                      .param("round", roundId)
                      .update();
              jdbc.sql(
                      """
                      insert into tracking.place_total_revision (round_id, revision, places)
                      values (:round, :revision, :places)
                      on conflict (round_id) do update
                         set revision = excluded.revision, places = excluded.places,
                             computed_at = now()
                      """)
                  .param("round", roundId)
                  .param("revision", revision)
                  .param("places", rows)
                  .update();
              // validation's comparison in the database reads them by round: the planner must know
              // a round's size (joined to unanalysed sums, it sorted 140,000 place texts for a
              // merge join: docs/perf.md section 20)
              jdbc.sql("analyze tracking.place_total").update();
              return rows;
            });
    return stored == null ? -1 : stored;
  }

  /**
   * The sums of one assessment type kept for the round published before round {@code number} of the
   * operation, read into memory, with the revision they were summed from; null when no round before
   * it is published or its sums are not kept for its published revision.
   */
  Previous loadPrevious(long operationId, int number, String type) {
    var round =
        jdbc.sql(
                """
                select id, number, revision from tracking.round
                 where operation_id = :operation and number < :number and status = 'PUBLISHED'
                 order by number desc limit 1
                """)
            .param("operation", operationId)
            .param("number", number)
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
            .optional();
    if (round.isEmpty()) return null;
    return load(round.get()[0], (int) round.get()[1], (int) round.get()[2], type);
  }

  /**
   * The round's kept sums of the type for the revision, from memory when the last load or summing
   * kept them there ({@link #inMemory}), else read (and kept in memory); null when none are kept
   * for the revision.
   */
  private Previous load(long roundId, int number, int revision, String type) {
    var stamp =
        jdbc.sql(
                "select revision, places from tracking.place_total_revision where round_id = :round")
            .param("round", roundId)
            .query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)})
            .optional();
    if (stamp.isEmpty() || stamp.get()[0] != revision) return null; // none kept for the revision
    Previous cached = inMemory.get(roundId, type);
    if (cached != null && cached.revision() == revision) return cached;
    int expected = stamp.get()[1];
    Map<String, long[]> individuals = new HashMap<>((int) (expected / 0.75f) + 16);
    // the stamp and the rows in one statement: one snapshot, even while the worker replaces them
    jdbc.sql(
            """
            select t.place, t.idp, t.returnee, t.migrant, t.host
              from tracking.place_total_revision r
              join tracking.place_total t on t.round_id = r.round_id
             where r.round_id = :round and r.revision = :revision and t.assessment_type = :type
            """)
        .param("round", roundId)
        .param("revision", revision)
        .param("type", type)
        .query(
            (RowCallbackHandler)
                rs -> {
                  long[] byGroup = new long[GROUPS.length];
                  for (int g = 0; g < byGroup.length; g++) {
                    byGroup[g] = rs.getLong(g + 2);
                    if (rs.wasNull()) byGroup[g] = NONE;
                  }
                  individuals.put(rs.getString(1), byGroup);
                });
    if (individuals.isEmpty() && !isCurrent(roundId, revision)) return null;
    Previous loaded = new Previous(roundId, number, revision, type, individuals);
    inMemory.put(loaded);
    return loaded;
  }

  /**
   * The last loaded or summed kept sums, by round and type, up to {@link #PLACES_IN_MEMORY} places
   * in all (least recently used go first): the next round's imports usually find them here and read
   * nothing. ~130 bytes a place: about 25 MB at most. Entries are checked against the published
   * revision on every use ({@link Validation}), so a stale one is never compared with.
   */
  private final InMemory inMemory = new InMemory(PLACES_IN_MEMORY);

  static final int PLACES_IN_MEMORY = 200_000;

  /** See {@link #inMemory}; at most {@code limit} places in all. */
  static final class InMemory {
    private record Key(long roundId, String type) {}

    private final Map<Key, Previous> entries = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private final int limit;
    private long places;

    InMemory(int limit) {
      this.limit = limit;
    }

    synchronized long places() {
      return places;
    }

    synchronized Previous get(long roundId, String type) {
      return entries.get(new Key(roundId, type));
    }

    synchronized void put(Previous previous) {
      if (previous.individuals().size() > limit) return;
      Previous replaced = entries.put(new Key(previous.roundId(), previous.type()), previous);
      if (replaced != null) places -= replaced.individuals().size();
      places += previous.individuals().size();
      var eldest = entries.entrySet().iterator();
      while (places > limit && eldest.hasNext()) {
        places -= eldest.next().getValue().individuals().size();
        eldest.remove();
      }
    }
  }

  /**
   * The file's reader as it goes ({@code sink} does the work): each assessment type's kept sums of
   * the previous round are loaded from the moment the reader first meets the type, on another
   * thread and connection (committed data of a published round). The reader mostly waits for the
   * writer meanwhile, and validation finds the sums ready ({@link Validation}).
   */
  Loading loading(FigureSink sink, long operationId, int number) {
    return new Loading(sink, operationId, number);
  }

  /** See {@link #loading}. */
  final class Loading implements FigureSink {
    private final FigureSink sink;
    private final long operationId;
    private final int number;
    private final Map<String, CompletableFuture<Previous>> byType = new HashMap<>();

    private Loading(FigureSink sink, long operationId, int number) {
      this.sink = sink;
      this.operationId = operationId;
      this.number = number;
    }

    @Override
    public void newPlace(ImportPlaces.Place place) {
      byType.computeIfAbsent(place.type, this::load);
      sink.newPlace(place);
    }

    private CompletableFuture<Previous> load(String type) {
      try {
        return CompletableFuture.supplyAsync(() -> loadPrevious(operationId, number, type), loader);
      } catch (RejectedExecutionException e) {
        return CompletableFuture.completedFuture(null); // all busy: validation loads them
      }
    }

    @Override
    public void add(StagingTable.Row figure, boolean suspect) {
      sink.add(figure, suspect);
    }

    @Override
    public boolean writesWhileReading() {
      return sink.writesWhileReading();
    }

    /** The loads started, by assessment type. */
    Map<String, CompletableFuture<Previous>> loads() {
      return byType;
    }
  }

  private static final PopulationGroup[] GROUPS = PopulationGroup.values();

  /** No individuals given for the group (sums are never negative). */
  private static final long NONE = -1;

  /**
   * A published round's kept sums of one assessment type, in memory.
   *
   * @param individuals by place, then by {@link PopulationGroup} ordinal ({@link #NONE}: none)
   */
  record Previous(
      long roundId, int number, int revision, String type, Map<String, long[]> individuals) {

    /** The round's individuals at the place for the group, null when it has none. */
    Long individuals(String place, String group) {
      long[] byGroup = individuals.get(place);
      if (byGroup == null) return null;
      long sum = byGroup[PopulationGroup.valueOf(group).ordinal()];
      return sum == NONE ? null : sum;
    }
  }

  private List<String> types(long roundId) {
    return jdbc.sql(
            "select distinct assessment_type from tracking.place_total where round_id = :round")
        .param("round", roundId)
        .query(String.class)
        .list();
  }

  private int number(long roundId) {
    return jdbc.sql("select number from tracking.round where id = :round")
        .param("round", roundId)
        .query(Integer.class)
        .single();
  }

  /** The round's sums are stored and were summed from this revision. */
  boolean isCurrent(long roundId, int revision) {
    return jdbc.sql(
            """
            select exists (select 1 from tracking.place_total_revision
                            where round_id = :round and revision = :revision)
            """)
        .param("round", roundId)
        .param("revision", revision)
        .query(Boolean.class)
        .single();
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
    loader.shutdownNow();
  }
}
