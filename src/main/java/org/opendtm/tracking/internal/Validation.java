package org.opendtm.tracking.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.geography.OperationSettings;
import org.opendtm.geography.PlaceResolver;
import org.opendtm.platform.PhaseTimer;
import org.opendtm.tracking.Round;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The validation rules, run as set-based SQL over a whole round: each rule is one INSERT … SELECT
 * into the candidate table, then candidates are merged into the round's RULE flags by fingerprint.
 * What needs the geography (validity periods, ancestors) is asked of the place resolver in memory,
 * once per distinct unit, and joined in as a small temporary table.
 */
@Component
public class Validation {

  private static final Logger log = LoggerFactory.getLogger(Validation.class);

  /**
   * The round's assessments (of the types being validated), by the round index, with a key so that
   * whatever plan the figures get joins them by key. Materialised first because joining the round's
   * figures to {@code tracking.assessment} directly made the planner hash every round's assessments
   * (millions at 24 rounds), and, with statistics that did not know a new round yet, nest two
   * "round = n" scans (quadratic).
   */
  private static final String ASSESSMENTS =
      """
      create temp table round_assessment on commit drop as
      select id, assessment_type, place, place_name, admin_unit_id, location_id
        from tracking.assessment
       where round_id = :round
         and (cardinality(cast(:types as text[])) = 0 or assessment_type = any(:types))
      """;

  /**
   * The figures of those assessments, with only what the rules compare: the texts of a flag (place
   * label, group label, fingerprint key) are built for flagged rows only, by {@link #LABEL}, {@link
   * #GROUP_LABEL}, {@link #QUALIFIER} and {@link #KEY}.
   */
  private static final String STORED_FIGURE_SELECT =
      """
      select a.id as assessment_id, a.assessment_type as type, a.place, a.place_name,
             a.admin_unit_id, a.location_id, f.population_group as grp,
             f.reason, f.origin_admin_unit_id as origin, f.households, f.individuals, f.males,
             f.females, f.sex_age
        from tracking.population_figure f join round_assessment a on a.id = f.assessment_id
       where f.round_id = :round
      """;

  private static final String FIGURES =
      "create temp table round_figure on commit drop as " + STORED_FIGURE_SELECT;

  /**
   * The figures of {@link #FIGURES} read from the import's staging table instead (each figure's
   * assessment id from the {@code :ids} array by its place's index; figures of places not stored
   * find no assessment), with the same columns and types; %s: a condition.
   */
  private static final String STAGED_FIGURE_SELECT =
      """
      select a.id as assessment_id, a.assessment_type as type, a.place, a.place_name,
             a.admin_unit_id, a.location_id, s.population_group as grp,
             s.reason, s.origin_admin_unit_id as origin, s.households, s.individuals, s.males,
             s.females, s.sex_age
        from import_staging s
        join round_assessment a on a.id = (cast(:ids as bigint[]))[s.place_index + 1]
       %s""";

  private static final String STAGED_FIGURES =
      "create temp table round_figure on commit drop as " + STAGED_FIGURE_SELECT;

  /** Place as people read it: code and name. */
  private static final String LABEL = "(place || coalesce(' ' || place_name, ''))";

  private static final String GROUP_LABEL =
      """
      (case grp when 'IDP' then 'IDP' when 'RETURNEE' then 'returnee' when 'MIGRANT' then 'migrant'
                else 'host community' end)""";

  private static final String QUALIFIER = "coalesce(' (' || reason || ')', '')";

  /** What identifies a figure's problem from one validation to the next. */
  private static final String KEY =
      "concat_ws('|', type, place, grp, coalesce(reason, '-'), coalesce(origin::text, '-'))";

  private static final String N = "to_char(%s, 'FM999,999,999,990')";

  private final JdbcClient jdbc;
  private final ValidationFlags flags;
  private final GeographyManagement geography;
  private final PlaceTotals placeTotals;

  Validation(
      JdbcClient jdbc,
      ValidationFlags flags,
      GeographyManagement geography,
      PlaceTotals placeTotals) {
    this.jdbc = jdbc;
    this.flags = flags;
    this.geography = geography;
    this.placeTotals = placeTotals;
  }

  /**
   * Bump when a rule changes, so that rounds validated by older code are validated again rather
   * than skipped by {@link #runIfChanged}.
   */
  private static final String RULES_VERSION = "rules-2026-11-24";

  /**
   * Re-validates the round unless nothing validation reads changed since it last ran to the end:
   * the round's assessments and figures (their {@code data_version}, bumped by database triggers on
   * every write), its reporting date, the previous published round and its revision, the
   * operation's admin units and settings, and the rules themselves. Publishing right after the
   * import that validated the round then costs nothing here.
   *
   * @return true when the rules ran
   */
  public boolean runIfChanged(Round round, Operation operation) {
    String stamp = stamp(round, operation);
    if (stamp.equals(storedStamp(round))) {
      log.info("Validation of {} round {} skipped: unchanged", operation.code(), round.number());
      return false;
    }
    run(round, operation, stamp, NO_TYPES, null);
    return true;
  }

  /** Re-validates the round: its RULE flags afterwards are exactly what the data raises now. */
  public void run(Round round, Operation operation) {
    run(round, operation, stamp(round, operation), NO_TYPES, null);
  }

  /**
   * True when the round's flags are what validation would raise now (its stamp is current). Asked
   * before a change that touches some assessment types only: if true, validating those types
   * afterwards ({@link #runTypes}) leaves the round's flags complete.
   */
  public boolean isCurrent(Round round, Operation operation) {
    return stamp(round, operation).equals(storedStamp(round));
  }

  /**
   * Re-validates the assessments of these types only, keeping the other types' flags: every rule
   * compares figures of one type with figures of the same type (duplicates, round-over-round
   * change) or looks at one figure or assessment, so the other types' flags cannot change when only
   * these types' data did. Call it only when the round was current before the change ({@link
   * #isCurrent}); the round is then current again.
   */
  public void runTypes(Round round, Operation operation, List<String> types) {
    runTypes(round, operation, types, null);
  }

  /**
   * {@link #runTypes} right after an import: where the validated assessments are exactly the
   * import's, the figures are read from its staging table, and the rules that look at one figure at
   * a time only at the figures marked suspect ({@link StagedFigures}); same flags.
   */
  public void runTypes(Round round, Operation operation, List<String> types, StagedFigures staged) {
    run(round, operation, stamp(round, operation), types.toArray(String[]::new), staged);
  }

  /** {@link #run(Round, Operation)} right after an import (see {@link #runTypes} with staged). */
  public void runAfterImport(Round round, Operation operation, StagedFigures staged) {
    run(round, operation, stamp(round, operation), NO_TYPES, staged);
  }

  private static final String[] NO_TYPES = new String[0];

  private String storedStamp(Round round) {
    return jdbc.sql("select validated_stamp from tracking.round where id = :round")
        .param("round", round.id())
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private void run(
      Round round, Operation operation, String stamp, String[] types, StagedFigures staged) {
    PhaseTimer timer = new PhaseTimer();
    jdbc.sql("drop table if exists pg_temp.round_figure, pg_temp.round_assessment").update();
    int assessments =
        jdbc.sql(ASSESSMENTS).param("round", round.id()).param("types", types).update();
    timer.lap("assessments");
    // Right after an import whose assessments are all the validated ones (counted: no other
    // writer's assessments of these types in the round), its staging table holds exactly the
    // validated figures: round_figure takes the suspect ones only, and what sums over all of
    // them (ROUND_CHANGE) reads the staging table (docs/perf.md section 12).
    boolean fromStaging = staged != null && staged.assessments() == assessments;
    if (!fromStaging || staged.complete()) {
      // the join of all figures below needs its size and keys, not statistics of every column;
      // after an import stored while read only a few suspect figures and changes join it, and
      // the key would cost more than it saves (40-65 ms for 70,000 assessments)
      jdbc.sql("alter table round_assessment add primary key (id)").update();
      jdbc.sql("analyze round_assessment (id)").update();
      timer.lap("their key");
    }
    Map<String, Object> allFigures = Map.of();
    String allFigureSelect = "round_figure";
    if (fromStaging) {
      jdbc.sql(STAGED_FIGURES.formatted("where s.suspect")).param("ids", staged.ids()).update();
      if (staged.complete()) {
        allFigureSelect = "(" + STAGED_FIGURE_SELECT.formatted("") + ")";
        allFigures = Map.of("ids", staged.ids());
      } else {
        // stored while read: only the suspect figures were staged (docs/perf.md section 15)
        allFigureSelect = "(" + STORED_FIGURE_SELECT + ")";
        allFigures = Map.of("round", round.id());
      }
    } else {
      jdbc.sql(FIGURES).param("round", round.id()).update();
    }
    flags.startCandidates();
    timer.lap(fromStaging ? "suspect figures" : "figures");
    OperationSettings settings = operation.settings();

    candidates(
        """
        select 'BREAKDOWN_SUM', 'ERROR', assessment_id, place,
               %s || ': ' || %s || %s || ' males and females sum to '
                 || %s || ' but individuals are ' || %s,
               jsonb_build_object('assessmentType', type, 'group', grp, 'reason', reason,
                 'males', males, 'females', females, 'individuals', individuals),
               'BREAKDOWN_SUM|' || %s
          from round_figure
         where males is not null and females is not null and individuals is not null
           and males + females <> individuals
        """
            .formatted(LABEL, GROUP_LABEL, QUALIFIER, n("males + females"), n("individuals"), KEY));

    timer.lap("BREAKDOWN_SUM");
    candidates(
        """
        select 'SEX_AGE_SUM', 'ERROR', assessment_id, place,
               %s || ': ' || %s || %s || ' sex-and-age bands sum to '
                 || %s || ' but individuals are ' || %s,
               jsonb_build_object('assessmentType', type, 'group', grp, 'reason', reason,
                 'bands', bands, 'individuals', individuals),
               'SEX_AGE_SUM|' || %s
          from round_figure
         cross join lateral (select %s as bands) b
         where sex_age is not null and individuals is not null
           and bands is not null and bands <> individuals
        """
            .formatted(
                LABEL, GROUP_LABEL, QUALIFIER, n("bands"), n("individuals"), KEY, bandSum()));

    timer.lap("SEX_AGE_SUM");
    jdbc.sql(
            """
            insert into flag_candidate (rule_code, severity, source, assessment_id, place, message, details, fingerprint)
            select 'HOUSEHOLD_SIZE', 'WARNING', 'RULE', assessment_id, place,
                   %s || ': ' || %s || %s || ' households average '
                     || to_char(individuals::numeric / households, 'FM999,990.0')
                     || ' people, outside ' || cast(:minText as text) || '–' || cast(:maxText as text),
                   jsonb_build_object('assessmentType', type, 'group', grp, 'reason', reason,
                     'households', households, 'individuals', individuals),
                   'HOUSEHOLD_SIZE|' || %s
              from round_figure
             where households > 0 and individuals is not null
               and (individuals::numeric / households < :min or individuals::numeric / households > :max)
            """
                .formatted(LABEL, GROUP_LABEL, QUALIFIER, KEY))
        .param("min", settings.minHouseholdSize())
        .param("minText", plain(settings.minHouseholdSize()))
        .param("maxText", plain(settings.maxHouseholdSize()))
        .param("max", settings.maxHouseholdSize())
        .update();

    timer.lap("HOUSEHOLD_SIZE");
    candidates(
        """
        select 'DUPLICATE_PLACE', 'ERROR', assessment_id, place,
               label || ': ' || %s || coalesce(' (' || reason || ')', '')
                 || ' figures appear ' || times || ' times for the same reason and origin in'
                 || ' this round''s ' || type || ' assessments',
               jsonb_build_object('assessmentType', type, 'group', grp, 'reason', reason,
                 'times', times),
               'DUPLICATE_PLACE|' || %s
          from (select type, place, grp, reason, origin, min(assessment_id) as assessment_id,
                       count(*) as times,
                       case when bool_or(place_name is null) then place
                            else place || ' ' || min(place_name) end as label
                  from round_figure
                 group by type, place, grp, reason, origin
                having count(*) > 1) d
        """
            .formatted(GROUP_LABEL, KEY));

    timer.lap("DUPLICATE_PLACE");
    // the import's own sums stand for the stored figures where it is their only source
    StagedFigures sums = fromStaging && !staged.complete() && staged.sums() != null ? staged : null;
    String compared =
        roundChange(round, operation, settings, types, allFigureSelect, allFigures, sums);
    timer.lap("ROUND_CHANGE (" + compared + ")");
    candidates(
        """
        select 'PCODE_NORMALISED', 'WARNING', id, place,
               place || coalesce(' ' || place_name, '') || ': P-code written ' || pcode_written
                 || ' matched ' || place || ' only by the rule ' || pcode_rule,
               jsonb_build_object('assessmentType', assessment_type, 'written', pcode_written,
                 'rule', pcode_rule),
               concat_ws('|', 'PCODE_NORMALISED', assessment_type, place, pcode_written)
          from tracking.assessment where round_id = :round and pcode_rule is not null
           and (cardinality(cast(:types as text[])) = 0 or assessment_type = any(:types))
        """,
        java.util.Map.of("round", round.id(), "types", types));

    timer.lap("PCODE_NORMALISED");
    PlaceResolver resolver = geography.unitResolver(operation.id());
    timer.lap("geography snapshot");
    unitValidity(round, resolver);
    originEqualsPlace(resolver);
    timer.lap("geography rules");

    flags.mergeCandidates(round.id(), "RULE", types);
    jdbc.sql("update tracking.round set validated_stamp = :stamp where id = :round")
        .param("stamp", stamp)
        .param("round", round.id())
        .update();
    timer.lap("merge");
    log.info("Validated {} round {}: {}", operation.code(), round.number(), timer);
  }

  /**
   * What validation read, as one string: equal stamps mean equal flags. The geography part is the
   * geography module's digest of the operation's admin units (about a thousand rows, a few
   * milliseconds), asked of its API rather than read from its table: only its identity matters.
   */
  private String stamp(Round round, Operation operation) {
    String data =
        jdbc.sql(
                """
                select r.data_version || '|' || r.reporting_date || '|'
                       || coalesce((select p.id || ':' || p.revision from tracking.round p
                                     where p.operation_id = r.operation_id and p.number < r.number
                                       and p.status = 'PUBLISHED'
                                     order by p.number desc limit 1), '-')
                  from tracking.round r where r.id = :round
                """)
            .param("round", round.id())
            .query(String.class)
            .single();
    String units = geography.geographyFingerprint(round.operationId());
    return RULES_VERSION + "|" + data + "|" + units + "|" + operation;
  }

  private void candidates(String select) {
    candidates(select, java.util.Map.of());
  }

  private void candidates(String select, java.util.Map<String, ?> params) {
    jdbc.sql(
            "insert into flag_candidate (rule_code, severity, assessment_id, place, message,"
                + " details, fingerprint, source) select *, 'RULE' from ("
                + select
                + ") r")
        .params(params)
        .update();
  }

  /**
   * ROUND_CHANGE: individuals per place and group against the previous published round; nothing to
   * compare (and nothing to compute) before the first publication. Two ways (docs/perf.md section
   * 20):
   *
   * <ul>
   *   <li><b>in memory</b>, right after an import that is the round's only source of the validated
   *       types ({@code staged}) and whose assessments have distinct places, when the previous
   *       round's sums per place are kept for its published revision ({@link PlaceTotals}): the
   *       import's sums per assessment and group, taken while its file was read, against the kept
   *       sums, loaded meanwhile ({@link PlaceTotals#loading}); only the changes beyond the
   *       threshold go to the database, for their flags;
   *   <li>otherwise in the database: this round's figures and the previous round's kept sums (or
   *       its figures) through one aggregate by (type, place, group) with a sum per round, which is
   *       cheaper than an aggregate per round and a join (docs/perf.md section 18).
   * </ul>
   *
   * @return how it compared, for the log
   */
  private String roundChange(
      Round round,
      Operation operation,
      OperationSettings settings,
      String[] types,
      String figures,
      Map<String, Object> figureParams,
      StagedFigures staged) {
    var previous =
        jdbc.sql(
                """
                select id, number, revision from tracking.round
                 where operation_id = :operation and number < :number and status = 'PUBLISHED'
                 order by number desc limit 1
                """)
            .param("operation", operation.id())
            .param("number", round.number())
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
            .optional();
    if (previous.isEmpty()) return "no previous round";
    long[] prev = previous.get();
    ImportPlaces.Sums sums = staged == null ? null : staged.sums();
    Map<String, Object> params = new HashMap<>(figureParams);
    String changes = null;
    String compared = IN_MEMORY;
    if (sums != null && sums.unique()) {
      Map<String, PlaceTotals.Previous> totals = previousTotals(staged, operation, round, prev);
      if (totals != null) {
        if (!changedInMemory(sums, totals, settings, params)) return IN_MEMORY;
        changes = CHANGED_IN_MEMORY;
      }
    }
    if (changes == null) {
      boolean kept = placeTotals.isCurrent(prev[0], (int) prev[2]);
      changes =
          BOTH_ROUNDS.formatted(
              CURRENT_FROM_FIGURES.formatted(figures),
              kept ? PREVIOUS_KEPT : PREVIOUS_FROM_FIGURES);
      compared = "figures with " + (kept ? "kept sums" : "figures");
    }
    // Whole index ranges joined by hash: right after an import (before autovacuum has analysed it)
    // the planner estimates a round at ~2,000 figures instead of 143,000 and probes the
    // assessments once per figure (0.72–0.76 s instead of 0.45 s); the comparison in the database
    // does without nested loops. (a failure aborts the transaction, and the setting goes with it)
    boolean inDatabase = !compared.equals(IN_MEMORY);
    if (inDatabase) jdbc.sql("set local enable_nestloop = off").update();
    jdbc.sql(ROUND_CHANGE.formatted(changes, GROUP_LABEL))
        .params(params)
        .param("previous", prev[0])
        .param("previousNumber", prev[1])
        .param("minimum", settings.changeMinimumIndividuals())
        .param("threshold", settings.changeThreshold())
        .param("types", types)
        .update();
    if (inDatabase) jdbc.sql("set local enable_nestloop to default").update();
    return compared;
  }

  /** How ROUND_CHANGE compared, as the validation's log says: see {@link #roundChange}. */
  private static final String IN_MEMORY = "in memory";

  /**
   * The previous round's kept sums ({@code prev}: id, number, revision) of each type of the import,
   * as the import loaded them while it read its file or, when that load is not of this revision,
   * read now; null when they are not kept for the revision.
   */
  private Map<String, PlaceTotals.Previous> previousTotals(
      StagedFigures staged, Operation operation, Round round, long[] prev) {
    Map<String, PlaceTotals.Previous> byType = new HashMap<>();
    for (String type : new java.util.TreeSet<>(java.util.Arrays.asList(staged.sums().types()))) {
      PlaceTotals.Previous totals = null;
      var loading = staged.previous() == null ? null : staged.previous().get(type);
      if (loading != null) {
        try {
          totals = loading.join();
        } catch (java.util.concurrent.CompletionException e) {
          log.warn("Kept sums of round id {} not loaded: {}", prev[0], e.getCause().toString());
        }
      }
      if (!isOf(totals, prev)) {
        totals = placeTotals.loadPrevious(operation.id(), round.number(), type);
      }
      if (!isOf(totals, prev)) return null;
      byType.put(type, totals);
    }
    return byType;
  }

  private static boolean isOf(PlaceTotals.Previous totals, long[] prev) {
    return totals != null && totals.roundId() == prev[0] && totals.revision() == prev[2];
  }

  /**
   * ROUND_CHANGE's comparison of this import's sums with the previous round's in memory: the
   * changes beyond the operation's threshold go to {@link #CHANGED_IN_MEMORY} as {@code params}.
   *
   * @return whether any did
   */
  private static boolean changedInMemory(
      ImportPlaces.Sums sums,
      Map<String, PlaceTotals.Previous> totals,
      OperationSettings settings,
      Map<String, Object> params) {
    long minimum = settings.changeMinimumIndividuals();
    double threshold = settings.changeThreshold();
    List<Long> assessments = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    List<Long> now = new ArrayList<>();
    List<Long> before = new ArrayList<>();
    for (int i = 0; i < sums.assessments().length; i++) {
      Long previous = totals.get(sums.types()[i]).individuals(sums.places()[i], sums.groups()[i]);
      if (previous == null) continue;
      long current = sums.individuals()[i];
      // the same test as ROUND_CHANGE's own (which applies it again): greatest(...) >= minimum
      // and abs(now - before) > threshold * before, in double precision
      if (Math.max(current, previous) >= minimum
          && Math.abs(current - previous) > threshold * previous) {
        assessments.add(sums.assessments()[i]);
        groups.add(sums.groups()[i]);
        now.add(current);
        before.add(previous);
      }
    }
    params.put("changedAssessments", assessments.toArray(Long[]::new));
    params.put("changedGroups", groups.toArray(String[]::new));
    params.put("changedNow", now.toArray(Long[]::new));
    params.put("changedBefore", before.toArray(Long[]::new));
    return !assessments.isEmpty();
  }

  /**
   * ROUND_CHANGE's CTE {@code n} from the changes found in memory ({@link #changedInMemory}): per
   * assessment and group, the place's label, this round's and the previous round's individuals.
   */
  private static final String CHANGED_IN_MEMORY =
      """
      n as (
        select a.assessment_type as type, a.place, c.grp,
               a.place || coalesce(' ' || a.place_name, '') as label, a.id as assessment_id,
               c.individuals, c.before
          from unnest(cast(:changedAssessments as bigint[]), cast(:changedGroups as text[]),
                      cast(:changedNow as bigint[]), cast(:changedBefore as bigint[]))
               as c(id, grp, individuals, before)
          join round_assessment a on a.id = c.id)""";

  /**
   * ROUND_CHANGE's CTE {@code n} from one aggregate over both rounds' rows (%s, %s): per type,
   * place and group of this round, the place's label, the first assessment, this round's and the
   * previous round's individuals.
   */
  private static final String BOTH_ROUNDS =
      """
      both_rounds (type, place, place_name, assessment_id, grp, individuals, now) as (
        %s
        union all
        %s),
      n as (
        select type, place, grp,
               case when bool_or(place_name is null) filter (where now) then place
                    else place || ' ' || min(place_name) end as label,
               min(assessment_id) as assessment_id,
               sum(individuals) filter (where now) as individuals,
               sum(individuals) filter (where not now) as before
          from both_rounds group by type, place, grp)""";

  /** This round's rows for {@link #BOTH_ROUNDS} from its figures; %s: the figures' select. */
  private static final String CURRENT_FROM_FIGURES =
      """
      select type, place, place_name, assessment_id, grp, individuals, true
        from %s f where individuals is not null""";

  /** The previous round's rows for {@link #BOTH_ROUNDS} from its figures. */
  private static final String PREVIOUS_FROM_FIGURES =
      """
      select a.assessment_type, a.place, null, null, f.population_group, f.individuals, false
        from tracking.population_figure f
        join tracking.assessment a on a.id = f.assessment_id and a.round_id = :previous
       where f.round_id = :previous and f.individuals is not null
         and (cardinality(cast(:types as text[])) = 0 or a.assessment_type = any(:types))""";

  /** The previous round's rows for {@link #BOTH_ROUNDS} from its sums kept since publication. */
  private static final String PREVIOUS_KEPT =
      """
      select t.assessment_type, t.place, null, null, g.grp, g.individuals, false
        from tracking.place_total t
       cross join lateral (values ('IDP', t.idp), ('RETURNEE', t.returnee),
                                  ('MIGRANT', t.migrant), ('HOST', t.host)) as g(grp, individuals)
       where t.round_id = :previous and g.individuals is not null
         and (cardinality(cast(:types as text[])) = 0 or t.assessment_type = any(:types))""";

  /**
   * %s: the CTE {@code n} ({@link #CHANGED_IN_MEMORY} or {@link #BOTH_ROUNDS}), {@link
   * #GROUP_LABEL}.
   */
  private static final String ROUND_CHANGE =
      """
      insert into flag_candidate (rule_code, severity, source, assessment_id, place, message, details, fingerprint)
      with %s
      select 'ROUND_CHANGE', 'WARNING', 'RULE', n.assessment_id, n.place,
             n.label || ': ' || %s || ' individuals went from '
               || to_char(n.before, 'FM999,999,999,990') || ' in round '
               || cast(:previousNumber as bigint) || ' to '
               || to_char(n.individuals, 'FM999,999,999,990')
               || coalesce(' (' || to_char(round(100.0 * (n.individuals - n.before)
                    / nullif(n.before, 0)), 'FMSG999,999,990') || ' %%)', ''),
             jsonb_build_object('assessmentType', n.type, 'group', n.grp,
               'previousRound', cast(:previousNumber as bigint),
               'previous', n.before, 'current', n.individuals),
             concat_ws('|', 'ROUND_CHANGE', n.type, n.place, n.grp)
        from n
       where n.individuals is not null and n.before is not null
         and greatest(n.individuals, n.before) >= :minimum
         and abs(n.individuals - n.before) > :threshold * n.before
      """;

  /**
   * The sum of a figure's non-null bands, null when none is given: written out element by element
   * for the widest array of the round, which PostgreSQL evaluates about five times faster than a
   * {@code (select sum(x) from unnest(sex_age) x)} sub-query per row (0.2 s instead of 1 s for
   * 250,000 figures).
   */
  private String bandSum() {
    int width =
        jdbc.sql("select coalesce(max(cardinality(sex_age)), 0) from round_figure")
            .query(Integer.class)
            .single();
    if (width == 0 || width > 64) return "(select sum(x) from unnest(sex_age) x)";
    StringBuilder sum = new StringBuilder("case when num_nonnulls(variadic sex_age) > 0 then ");
    for (int i = 1; i <= width; i++) {
      if (i > 1) sum.append(" + ");
      sum.append("coalesce(sex_age[").append(i).append("], 0)::bigint");
    }
    return sum.append(" end").toString();
  }

  /** 1.5 → "1.5", 15.0 → "15". */
  private static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String n(String expression) {
    return N.formatted(expression);
  }

  /** UNKNOWN_PCODE / RETIRED_PCODE: the place's unit is not valid on the reporting date. */
  private void unitValidity(Round round, PlaceResolver resolver) {
    List<Long> ids = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    jdbc.sql("select distinct admin_unit_id from round_assessment")
        .query(Long.class)
        .list()
        .forEach(
            id -> {
              Optional<AdminUnit> unit = resolver.unitById(id);
              if (unit.isEmpty()) {
                ids.add(id);
                rules.add("UNKNOWN_PCODE");
                notes.add("is not in the operation's geography");
              } else if (!unit.get().validOn(round.reportingDate())) {
                AdminUnit u = unit.get();
                boolean early = round.reportingDate().isBefore(u.validFrom());
                ids.add(id);
                rules.add(early ? "UNKNOWN_PCODE" : "RETIRED_PCODE");
                notes.add(
                    early
                        ? "is valid only from " + u.validFrom()
                        : "was retired on " + u.validTo());
              }
            });
    if (ids.isEmpty()) return;
    jdbc.sql(
            """
            insert into flag_candidate (rule_code, severity, source, assessment_id, place, message, details, fingerprint)
            select u.rule, 'ERROR', 'RULE', a.id, a.place,
                   a.place || coalesce(' ' || a.place_name, '') || ': the P-code ' || u.note
                     || ', not valid on the round''s reporting date ' || :date,
                   jsonb_build_object('assessmentType', a.assessment_type, 'adminUnitId', u.id),
                   concat_ws('|', u.rule, a.assessment_type, a.place)
              from round_assessment a
              join unnest(cast(:ids as bigint[]), cast(:rules as text[]), cast(:notes as text[]))
                   as u(id, rule, note) on u.id = a.admin_unit_id
            """)
        .param("ids", ids.toArray(Long[]::new))
        .param("rules", rules.toArray(String[]::new))
        .param("notes", notes.toArray(String[]::new))
        .param("date", round.reportingDate().toString())
        .update();
  }

  /**
   * ORIGIN_EQUALS_PLACE: IDPs whose origin is the admin unit they are displaced in (or inside it).
   */
  private void originEqualsPlace(PlaceResolver resolver) {
    List<Long> places = new ArrayList<>();
    List<Long> origins = new ArrayList<>();
    jdbc.sql(
            """
            select distinct admin_unit_id, origin from round_figure
             where grp = 'IDP' and origin is not null
            """)
        .query(
            (rs, n) -> {
              long place = rs.getLong(1);
              long origin = rs.getLong(2);
              Optional<AdminUnit> originUnit = resolver.unitById(origin);
              Optional<AdminUnit> placeUnit = resolver.unitById(place);
              // The origin is the place's own unit or lies inside it. An origin given at a
              // coarser level that merely contains the place (IDPs of province A living in
              // province A) is ordinary displacement within an area and is not flagged.
              if (originUnit.isPresent() && placeUnit.isPresent()) {
                Optional<AdminUnit> same =
                    resolver.ancestor(originUnit.get(), placeUnit.get().level());
                if (same.isPresent() && same.get().id() == place) {
                  places.add(place);
                  origins.add(origin);
                }
              }
              return null;
            })
        .list();
    if (places.isEmpty()) return;
    jdbc.sql(
            """
            insert into flag_candidate (rule_code, severity, source, assessment_id, place, message, details, fingerprint)
            select 'ORIGIN_EQUALS_PLACE', 'WARNING', 'RULE', f.assessment_id, f.place,
                   %s || ': IDPs' || %s || ' are recorded as coming from the admin'
                     || ' unit they are displaced in',
                   jsonb_build_object('assessmentType', f.type, 'group', f.grp, 'reason', f.reason,
                     'originAdminUnitId', f.origin),
                   'ORIGIN_EQUALS_PLACE|' || %s
              from round_figure f
              join unnest(cast(:places as bigint[]), cast(:origins as bigint[]))
                   as s(place_unit, origin_unit)
                on s.place_unit = f.admin_unit_id and s.origin_unit = f.origin
             where f.grp = 'IDP'
            """
                .formatted(LABEL, QUALIFIER, KEY))
        .param("places", places.toArray(Long[]::new))
        .param("origins", origins.toArray(Long[]::new))
        .update();
  }
}
