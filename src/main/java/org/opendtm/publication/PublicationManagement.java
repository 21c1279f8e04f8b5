package org.opendtm.publication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Right;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.publication.internal.Aggregates;
import org.opendtm.publication.internal.Aggregates.RoundRevision;
import org.opendtm.publication.internal.CurrentGeographyAggregates;
import org.opendtm.publication.internal.PublicBreakdowns;
import org.opendtm.publication.internal.PublishPreviews;
import org.opendtm.publication.internal.disclosure.DisclosureControl;
import org.opendtm.publication.internal.disclosure.EagerDisclosure;
import org.opendtm.tracking.RoundDetails;
import org.opendtm.tracking.Severity;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Published aggregates of an operation, for signed-in users (the own REST API and the web UI).
 * Callers check access first (web endpoints declare {@code @Allow(Right.READ_PUBLISHED)}); the
 * public, anonymous reads (DTM API, HXL export) go through the module's single public read path
 * ({@link PublicReads}).
 *
 * <p>What a read returns depends on the caller: holders of {@link Right#READ_FULL_FIGURES} in the
 * operation (its staff, platform administrators, partners under an agreement covering {@code
 * full-figures} or {@code assessments}) get the figures in full; everyone else (partners without
 * such an agreement, API tokens whose scope lacks the right, callers without a signed-in user) gets
 * what the public DTM API shows: IDPs only, no finer than the public admin level, disclosure
 * control applied, households and place counts withheld. Asking such a caller's view for more
 * (another population group, a finer level, today's geography) is refused with 403 {@code
 * FULL_FIGURES_REQUIRED} rather than answered with an empty list that could be read as zero.
 */
@Service
@Transactional(readOnly = true)
public class PublicationManagement {

  private static final List<String> GROUPS = List.of("IDP", "RETURNEE", "MIGRANT", "HOST");
  private static final List<String> TYPES = List.of("BA", "SA", "ETT");

  private final GeographyManagement geography;
  private final Aggregates aggregates;
  private final CurrentGeographyAggregates onCurrentGeography;

  private final TrackingManagement tracking;
  private final PublishPreviews previews;
  private final AccessPolicy access;
  private final DisclosureControl disclosure;
  private final EagerDisclosure eager;
  private final PublicBreakdowns breakdowns;

  PublicationManagement(
      GeographyManagement geography,
      Aggregates aggregates,
      CurrentGeographyAggregates onCurrentGeography,
      TrackingManagement tracking,
      PublishPreviews previews,
      AccessPolicy access,
      DisclosureControl disclosure,
      EagerDisclosure eager,
      PublicBreakdowns breakdowns) {
    this.access = access;
    this.disclosure = disclosure;
    this.eager = eager;
    this.breakdowns = breakdowns;
    this.tracking = tracking;
    this.previews = previews;
    this.onCurrentGeography = onCurrentGeography;
    this.geography = geography;
    this.aggregates = aggregates;
  }

  /**
   * Aggregates of a round's current revision.
   *
   * @param roundNumber the round; the latest published round when null
   */
  public List<AggregateRow> listAggregates(
      String operationCode, Integer roundNumber, AggregateQuery query) {
    Operation operation = geography.getOperation(operationCode);
    AggregateQuery checked = check(query);
    int round = roundOrLatest(operation, roundNumber);
    RoundRevision revision = current(operation, round);
    if (full(operation)) return aggregates.list(revision, checked);
    // the public view: the round's latest protected revision (docs/disclosure.md)
    int finest = finestPublicLevel(operation);
    requirePublicView(operation, checked.populationGroup(), checked.adminLevel(), finest);
    eager.awaitProtection(operation, round, round);
    DisclosureControl.ShownRevision shown =
        disclosure
            .findShownRevision(operation.id(), round)
            .orElseThrow(() -> notPublished(operation.code(), round));
    return aggregates.listProtected(
        new RoundRevision(shown.roundId(), shown.revision()), shown.runId(), checked, finest);
  }

  /**
   * True when the caller sees the operation's published figures in full (holds {@link
   * Right#READ_FULL_FIGURES} there); otherwise every read here gives the public view. The web
   * application asks this once per page to choose between the full and the public dashboard.
   */
  public boolean seesFullFigures(String operationCode) {
    return access.holds(operationCode, Right.READ_FULL_FIGURES);
  }

  /** Like {@link #seesFullFigures}, and a use by agreement alone is audited. */
  private boolean full(Operation operation) {
    return access.use(operation.code(), Right.READ_FULL_FIGURES);
  }

  private List<AggregateRow> list(Operation operation, RoundRevision revision, AggregateQuery q) {
    if (full(operation)) return aggregates.list(revision, q);
    int finest = finestPublicLevel(operation);
    requirePublicView(operation, q.populationGroup(), q.adminLevel(), finest);
    long run = disclosure.runFor(operation, revision.roundId(), revision.revision());
    return aggregates.listProtected(revision, run, q, finest);
  }

  /** The finest admin level of the public view: the operation's setting, at most admin 2. */
  private static int finestPublicLevel(Operation operation) {
    return Math.min(operation.settings().publicAdminLevel(), DisclosureControl.FINEST_PUBLIC_LEVEL);
  }

  private static void requirePublicView(
      Operation operation, String group, Integer adminLevel, int finest) {
    List<InputError> errors = new java.util.ArrayList<>();
    if (group != null && !group.equals("IDP")) {
      errors.add(new InputError(null, "group", group, "only IDP figures are shared publicly"));
    }
    if (adminLevel != null && adminLevel > finest) {
      errors.add(
          new InputError(
              null,
              "adminLevel",
              String.valueOf(adminLevel),
              "figures are shared publicly down to admin " + finest));
    }
    if (!errors.isEmpty()) throw fullFiguresRequired(operation, errors);
  }

  private static OpenDtmException fullFiguresRequired(
      Operation operation, List<InputError> errors) {
    return new OpenDtmException(
        PublicationErrorCode.FULL_FIGURES_REQUIRED,
        "You see the published figures of "
            + operation.code()
            + " as the public DTM API shows them; this needs the right READ_FULL_FIGURES (the"
            + " operation's staff, or a data-sharing agreement covering full-figures).",
        errors);
  }

  /**
   * Aggregates of a round's current revision shown on today's geography, so that older rounds can
   * be compared with recent ones: units retired since publication hand their figures to the current
   * units they became, split by the crosswalk's shares with totals kept exactly. Totals per unit,
   * type and group at one admin level (no reason or origin breakdown).
   */
  public List<AggregateRow> listAggregatesOnCurrentGeography(
      String operationCode, Integer roundNumber, AggregateQuery query) {
    Operation operation = geography.getOperation(operationCode);
    AggregateQuery checked = check(query);
    if (!full(operation)) {
      // figures split and merged through crosswalks are new numbers the disclosure run never saw
      throw fullFiguresRequired(
          operation,
          List.of(
              new InputError(
                  null, "geography", "current", "not disclosure-controlled: published only")));
    }
    List<InputError> errors = new java.util.ArrayList<>();
    if (checked.adminLevel() == null) {
      errors.add(InputError.field("adminLevel", "required with geography=current"));
    }
    if (checked.breakdown() != Breakdown.NONE) {
      errors.add(InputError.field("by", "no breakdown with geography=current"));
    }
    if (checked.pcode() != null) {
      errors.add(InputError.field("pcode", "not supported with geography=current"));
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_QUERY,
          "Aggregates on the current geography are totals at one admin level",
          errors);
    }
    return onCurrentGeography.list(
        operation,
        current(operation, roundOrLatest(operation, roundNumber)),
        checked.adminLevel(),
        checked.populationGroup(),
        checked.assessmentType());
  }

  private int roundOrLatest(Operation operation, Integer roundNumber) {
    if (roundNumber != null) return roundNumber;
    return aggregates
        .findLatestRoundNumber(operation.id())
        .orElseThrow(
            () ->
                new NotFoundException(
                    PublicationErrorCode.NOTHING_PUBLISHED,
                    "Operation " + operation.code() + " has no published round yet"));
  }

  /** Aggregates of one revision of a round, current or not: old revisions stay readable. */
  public List<AggregateRow> listRevisionAggregates(
      String operationCode, int roundNumber, int revision, AggregateQuery query) {
    Operation operation = geography.getOperation(operationCode);
    AggregateQuery checked = check(query);
    RoundRevision found =
        aggregates
            .findRevision(operation.id(), roundNumber, revision)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        PublicationErrorCode.REVISION_NOT_FOUND,
                        "Round "
                            + roundNumber
                            + " of "
                            + operationCode
                            + " has no published revision "
                            + revision));
    return list(operation, found, checked);
  }

  /**
   * What publishing the round now would change for partners (see {@link PublishPreview}); for a
   * reviewer before sign-off, so the figures are not disclosure-controlled. Nothing is stored.
   */
  public PublishPreview previewPublication(String operationCode, int roundNumber) {
    Operation operation = geography.getOperation(operationCode);
    RoundDetails details = tracking.getRoundDetails(operationCode, roundNumber);
    PublishPreviews.Baseline baseline =
        previews.findBaseline(operation.id(), roundNumber).orElse(null);
    List<PublishPreview.Change> rows = previews.compare(details.round().id(), baseline);
    return new PublishPreview(
        roundNumber,
        baseline == null ? null : baseline.roundNumber(),
        baseline == null ? null : baseline.revision(),
        rows,
        PublishPreviews.totals(rows),
        details.openFlags().getOrDefault(Severity.ERROR, 0L),
        details.openFlags().getOrDefault(Severity.WARNING, 0L));
  }

  /** The published revisions of a round, oldest first, with what changed in each. */
  public List<PublishedRevision> listRevisions(String operationCode, int roundNumber) {
    Operation operation = geography.getOperation(operationCode);
    List<PublishedRevision> revisions = aggregates.listRevisions(operation.id(), roundNumber);
    if (revisions.isEmpty()) throw notPublished(operationCode, roundNumber);
    if (full(operation)) return revisions;
    // the changes list unprotected figures (totals, households, every group): only their number
    return revisions.stream()
        .map(
            r -> {
              ObjectNode changes = JsonNodeFactory.instance.objectNode();
              if (r.changes() != null) {
                changes.set("previousRevision", r.changes().get("previousRevision"));
              }
              return new PublishedRevision(
                  r.roundNumber(),
                  r.revision(),
                  r.reportingDate(),
                  r.publishedAt(),
                  r.current(),
                  changes);
            })
        .toList();
  }

  /**
   * What changed in a revision against the previous one (see {@link PublishedRevision#changes()}),
   * by tracking's round id; empty when the revision was not published.
   */
  public Optional<JsonNode> findChanges(long roundId, int revision) {
    return aggregates.findChanges(roundId, revision);
  }

  /**
   * One point per published round (its current revision) and assessment type: the totals of the
   * unit with this P-code, or of the whole operation (admin 0) when the P-code is null.
   *
   * @param populationGroup defaults to IDP
   * @param assessmentType all types, each its own series, when null
   */
  public List<TimeSeriesPoint> timeSeries(
      String operationCode, String populationGroup, String assessmentType, String pcode) {
    Operation operation = geography.getOperation(operationCode);
    AggregateQuery checked =
        check(
            new AggregateQuery(
                null,
                populationGroup == null ? "IDP" : populationGroup,
                assessmentType,
                pcode,
                null));
    if (full(operation)) {
      return aggregates.timeSeries(
          operation.id(), checked.populationGroup(), checked.assessmentType(), checked.pcode());
    }
    int finest = finestPublicLevel(operation);
    requirePublicView(operation, checked.populationGroup(), null, finest);
    eager.awaitProtection(operation, null, null);
    return aggregates.timeSeriesProtected(
        operation.id(), checked.assessmentType(), checked.pcode(), finest);
  }

  /**
   * A unit's sex-and-age and shelter breakdown in a round's current revision, one assessment type
   * and population group (never added across types). Readers holding {@code READ_FULL_FIGURES} get
   * it as published; others get the public, disclosure-controlled view (IDPs only, no finer than
   * the public admin level).
   *
   * @param roundNumber the round; the latest published round when null
   * @param pcode the unit; the whole operation (admin 0) when null
   * @return empty when the revision has no breakdowns (published before they existed and not
   *     back-filled, see docs/breakdowns.md)
   */
  public Optional<PopulationBreakdown> findBreakdown(
      String operationCode,
      Integer roundNumber,
      String assessmentType,
      String populationGroup,
      String pcode) {
    Operation operation = geography.getOperation(operationCode);
    AggregateQuery checked =
        check(
            new AggregateQuery(
                null,
                populationGroup == null ? "IDP" : populationGroup,
                assessmentType,
                pcode,
                null));
    if (checked.assessmentType() == null) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_QUERY,
          "A breakdown is of one assessment type",
          List.of(InputError.field("type", "required: one of " + TYPES)));
    }
    int round = roundOrLatest(operation, roundNumber);
    if (!full(operation)) {
      int finest = finestPublicLevel(operation);
      requirePublicView(operation, checked.populationGroup(), null, finest);
      // the round's latest protected revision, as every public read (docs/disclosure.md)
      eager.awaitProtection(operation, round, round);
      DisclosureControl.ShownRevision shown =
          disclosure
              .findShownRevision(operation.id(), round)
              .orElseThrow(() -> notPublished(operation.code(), round));
      return breakdowns.publicView(
          operation,
          new RoundRevision(shown.roundId(), shown.revision()),
          round,
          checked.assessmentType(),
          checked.pcode(),
          finest);
    }
    return breakdowns.signedIn(
        current(operation, round),
        round,
        checked.assessmentType(),
        checked.populationGroup(),
        checked.pcode());
  }

  private RoundRevision current(Operation operation, int roundNumber) {
    return aggregates
        .findCurrent(operation.id(), roundNumber)
        .orElseThrow(() -> notPublished(operation.code(), roundNumber));
  }

  private static NotFoundException notPublished(String operationCode, int roundNumber) {
    return new NotFoundException(
        PublicationErrorCode.ROUND_NOT_PUBLISHED,
        "Round " + roundNumber + " of " + operationCode + " has not been published");
  }

  /** Normalises codes to upper case and refuses unknown groups, types and levels at once. */
  private static AggregateQuery check(AggregateQuery query) {
    AggregateQuery q = query == null ? AggregateQuery.all() : query;
    String group = upper(q.populationGroup());
    String type = upper(q.assessmentType());
    List<InputError> errors = new java.util.ArrayList<>();
    if (group != null && !GROUPS.contains(group)) {
      errors.add(new InputError(null, "group", q.populationGroup(), "one of " + GROUPS));
    }
    if (type != null && !TYPES.contains(type)) {
      errors.add(new InputError(null, "type", q.assessmentType(), "one of " + TYPES));
    }
    if (q.adminLevel() != null && (q.adminLevel() < 0 || q.adminLevel() > 5)) {
      errors.add(
          new InputError(null, "adminLevel", String.valueOf(q.adminLevel()), "between 0 and 5"));
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_QUERY, "The query has invalid parameters", errors);
    }
    String pcode = q.pcode() == null || q.pcode().isBlank() ? null : q.pcode().strip();
    return new AggregateQuery(q.adminLevel(), group, type, pcode, q.breakdown());
  }

  private static String upper(String value) {
    return value == null || value.isBlank() ? null : value.strip().toUpperCase(Locale.ROOT);
  }
}
