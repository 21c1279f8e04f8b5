package org.opendtm.tracking;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PhaseTimer;
import org.opendtm.tracking.internal.AssessmentImporter;
import org.opendtm.tracking.internal.Assessments;
import org.opendtm.tracking.internal.CollectedAssessments;
import org.opendtm.tracking.internal.ColumnMappings;
import org.opendtm.tracking.internal.ImportPreviews;
import org.opendtm.tracking.internal.ReviewQueries;
import org.opendtm.tracking.internal.Rounds;
import org.opendtm.tracking.internal.Validation;
import org.opendtm.tracking.internal.ValidationFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rounds, assessment imports, validation, review and publication: the public face of the tracking
 * module, used by its REST API, the command line, the demo loader and the web UI. Access checks are
 * the callers' business (controllers call {@code AccessPolicy}); every method that writes runs in
 * one transaction, so a failure stores nothing.
 */
@Service
public class TrackingManagement {

  private static final Logger log = LoggerFactory.getLogger(TrackingManagement.class);

  private static final Set<RoundStatus> OPEN_FOR_DATA =
      Set.of(RoundStatus.COLLECTING, RoundStatus.IN_REVIEW);

  private final GeographyManagement geography;
  private final Rounds rounds;
  private final Assessments assessments;
  private final ValidationFlags flags;
  private final ColumnMappings mappings;
  private final AssessmentImporter importer;
  private final Validation validation;
  private final ApplicationEventPublisher events;
  private final ImportPreviews previews;
  private final ReviewQueries review;
  private final CollectedAssessments collected;
  private final ObjectProvider<PublishedRoundTotals> publishedTotals;

  TrackingManagement(
      GeographyManagement geography,
      Rounds rounds,
      Assessments assessments,
      ValidationFlags flags,
      ColumnMappings mappings,
      AssessmentImporter importer,
      Validation validation,
      ApplicationEventPublisher events,
      ImportPreviews previews,
      ReviewQueries review,
      CollectedAssessments collected,
      ObjectProvider<PublishedRoundTotals> publishedTotals) {
    this.publishedTotals = publishedTotals;
    this.previews = previews;
    this.review = review;
    this.geography = geography;
    this.rounds = rounds;
    this.assessments = assessments;
    this.flags = flags;
    this.mappings = mappings;
    this.importer = importer;
    this.validation = validation;
    this.events = events;
    this.collected = collected;
  }

  // ------------------------------------------------------------------ rounds

  /** Opens round {@code number} for collection; 409 when the operation has it already. */
  @Transactional
  public Round createRound(String operationCode, int number, LocalDate reportingDate) {
    Operation operation = geography.getOperation(operationCode);
    List<InputError> errors = new ArrayList<>();
    if (number < 1)
      errors.add(new InputError(null, "number", String.valueOf(number), "at least 1"));
    if (reportingDate == null)
      errors.add(InputError.field("reportingDate", "required (YYYY-MM-DD)"));
    if (!errors.isEmpty()) {
      throw new OpenDtmException(TrackingErrorCode.INVALID_ROUND, "The round is invalid", errors);
    }
    if (rounds.exists(operation.id(), number)) {
      throw new OpenDtmException(
          TrackingErrorCode.ROUND_EXISTS,
          "Operation " + operationCode + " has a round " + number + " already",
          List.of(new InputError(null, "number", String.valueOf(number), "already used")));
    }
    rounds.insert(operation.id(), number, reportingDate);
    Round round = getRound(operationCode, number);
    if (round.status() == RoundStatus.COLLECTING) {
      events.publishEvent(new RoundOpened(operationCode, number));
    }
    return round;
  }

  public List<Round> listRounds(String operationCode) {
    Operation operation = geography.getOperation(operationCode);
    return rounds.list(operation.id(), operation.code());
  }

  /** The round, or a 404 problem. */
  public Round getRound(String operationCode, int number) {
    Operation operation = geography.getOperation(operationCode);
    return rounds
        .find(operation.id(), operation.code(), number)
        .orElseThrow(() -> roundNotFound(operationCode, number));
  }

  /** The round with its assessment counts, open flags and published revisions. */
  public RoundDetails getRoundDetails(String operationCode, int number) {
    Round round = getRound(operationCode, number);
    Map<AssessmentType, Long> counts = new java.util.EnumMap<>(AssessmentType.class);
    for (AssessmentType t : AssessmentType.values()) counts.put(t, 0L);
    counts.putAll(assessments.countsByType(round.id()));
    return new RoundDetails(
        round, counts, flags.openCounts(round.id()), rounds.revisions(round.id()));
  }

  public List<RoundRevision> listRevisions(String operationCode, int number) {
    return rounds.revisions(getRound(operationCode, number).id());
  }

  // ------------------------------------------------------------------ imports

  /**
   * Imports an assessment file (docs/import-formats.md section 2) into a COLLECTING or IN_REVIEW
   * round and re-validates the round. The file replaces the round's earlier file assessments of the
   * assessment types it contains. Any row error: a 422 problem listing the rows, nothing stored.
   */
  @Transactional
  public ImportReport importAssessments(
      String operationCode, int roundNumber, Path file, ImportOptions options) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockOpenRound(operation, roundNumber, "import into");
    Map<String, String> mapping = null;
    if (options.mapping() != null && !options.mapping().isBlank()) {
      mapping =
          mappings
              .find(operation.id(), options.mapping())
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          TrackingErrorCode.MAPPING_NOT_FOUND,
                          "Operation "
                              + operationCode
                              + " has no column mapping named "
                              + options.mapping()));
    }
    PhaseTimer timer = new PhaseTimer();
    // The file replaces the assessments of its types only: when the round's flags were current
    // before, validating those types leaves every flag of the round current.
    boolean current = validation.isCurrent(round, operation);
    AssessmentImporter.Imported imported =
        importer.importFile(operation, round, file, options, mapping);
    ImportReport report = imported.report();
    timer.lap("import");
    if (current) {
      validation.runTypes(
          round,
          operation,
          report.assessmentTypes().stream().map(Enum::name).toList(),
          imported.staged());
    } else {
      validation.runAfterImport(round, operation, imported.staged());
    }
    timer.lap(current ? "validation of " + report.assessmentTypes() : "validation");
    ImportReport complete =
        new ImportReport(
            report.importId(),
            report.fileName(),
            report.format(),
            report.shape(),
            report.rowsRead(),
            report.assessmentsCreated(),
            report.figuresCreated(),
            report.replacedAssessments(),
            report.assessmentTypes(),
            report.placesCreated(),
            report.columns(),
            report.ignoredColumns(),
            report.normalisations(),
            flags.countsByRule(round.id()));
    importer.saveReport(complete);
    timer.lap("report");
    log.info(
        "Imported {} into {} round {}: {} rows; {}",
        options.fileName(),
        operationCode,
        roundNumber,
        report.rowsRead(),
        timer);
    return complete;
  }

  /**
   * How the file's columns would be read by {@link #importAssessments}, from its header, HXL row
   * and first {@value ImportPreview#SAMPLE_ROWS} data rows; nothing is stored. A saved mapping
   * named in the options is applied as the import would.
   */
  public ImportPreview previewImport(
      String operationCode, int roundNumber, Path file, ImportOptions options) {
    Operation operation = geography.getOperation(operationCode);
    getRound(operationCode, roundNumber);
    Map<String, String> mapping = null;
    if (options.mapping() != null && !options.mapping().isBlank()) {
      mapping = getColumnMapping(operationCode, options.mapping());
    }
    return previews.preview(operation, file, options.fileName(), options.format(), mapping);
  }

  /** Saves (or replaces) a column mapping: header text → HXL tag. */
  @Transactional
  public void saveColumnMapping(String operationCode, String name, Map<String, String> mapping) {
    Operation operation = geography.getOperation(operationCode);
    List<InputError> errors = new ArrayList<>();
    if (name == null || !name.matches("[A-Za-z0-9._-]{1,80}")) {
      errors.add(new InputError(null, "name", name, "1 to 80 letters, digits, '.', '_' or '-'"));
    }
    if (mapping == null || mapping.isEmpty()) {
      errors.add(InputError.field("mapping", "give at least one header → tag"));
    } else {
      mapping.forEach(
          (header, tag) -> {
            if (tag == null || org.opendtm.platform.tabular.HxlTag.parse(tag).isEmpty()) {
              errors.add(new InputError(null, header, tag, "not an HXL tag like #adm2+code"));
            }
          });
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          TrackingErrorCode.INVALID_MAPPING, "The column mapping is invalid", errors);
    }
    mappings.save(operation.id(), name, mapping);
  }

  public Map<String, String> getColumnMapping(String operationCode, String name) {
    Operation operation = geography.getOperation(operationCode);
    return mappings
        .find(operation.id(), name)
        .orElseThrow(
            () ->
                new NotFoundException(
                    TrackingErrorCode.MAPPING_NOT_FOUND, "No column mapping named " + name));
  }

  // ------------------------------------------------------------------ assessments

  public AssessmentPage listAssessments(
      String operationCode,
      int roundNumber,
      AssessmentType type,
      String place,
      int page,
      int size) {
    Round round = getRound(operationCode, roundNumber);
    int safeSize = Math.max(1, Math.min(size, 1000));
    return assessments.page(round.id(), type, place, Math.max(0, page), safeSize);
  }

  public Assessment getAssessment(String operationCode, int roundNumber, long assessmentId) {
    Round round = getRound(operationCode, roundNumber);
    return assessments
        .find(round.id(), assessmentId)
        .orElseThrow(() -> assessmentNotFound(assessmentId));
  }

  /** A reviewer's correction: the assessment's figures become these; the round is re-validated. */
  @Transactional
  public Assessment replaceFigures(
      String operationCode, int roundNumber, long assessmentId, List<FigureInput> figures) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockOpenRound(operation, roundNumber, "edit");
    assessments.find(round.id(), assessmentId).orElseThrow(() -> assessmentNotFound(assessmentId));
    checkFigures(operation, figures);
    assessments.replaceFigures(assessmentId, figures);
    validation.run(round, operation);
    return assessments.find(round.id(), assessmentId).orElseThrow();
  }

  /** Removes an assessment entered in error; the round is re-validated. */
  @Transactional
  public void deleteAssessment(String operationCode, int roundNumber, long assessmentId) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockOpenRound(operation, roundNumber, "edit");
    assessments.find(round.id(), assessmentId).orElseThrow(() -> assessmentNotFound(assessmentId));
    flags.resolveImportFlagsOf(assessmentId);
    assessments.delete(assessmentId);
    validation.run(round, operation);
  }

  private void checkFigures(Operation operation, List<FigureInput> figures) {
    List<InputError> errors = new ArrayList<>();
    Map<String, String> reasons = new HashMap<>();
    operation.reasons().forEach(r -> reasons.put(r.toLowerCase(Locale.ROOT), r));
    if (figures == null || figures.isEmpty()) {
      errors.add(InputError.field("figures", "give at least one figure"));
    } else {
      for (int i = 0; i < figures.size(); i++) {
        FigureInput f = figures.get(i);
        String at = "figures[" + i + "].";
        if (f == null || f.group() == null) {
          errors.add(InputError.field(at + "group", "required: IDP, RETURNEE, MIGRANT or HOST"));
          continue;
        }
        if (f.reason() != null && !reasons.containsKey(f.reason().toLowerCase(Locale.ROOT))) {
          errors.add(
              new InputError(null, at + "reason", f.reason(), "not in " + operation.reasons()));
        }
        nonNegative(errors, at + "households", f.households());
        nonNegative(errors, at + "individuals", f.individuals());
        nonNegative(errors, at + "males", f.males());
        nonNegative(errors, at + "females", f.females());
        if (f.sexAge() != null) {
          if (f.sexAge().size() != operation.sexAgeBands().size() * 2) {
            errors.add(
                new InputError(
                    null,
                    at + "sexAge",
                    String.valueOf(f.sexAge().size()),
                    "give "
                        + operation.sexAgeBands().size() * 2
                        + " counts: female bands then male bands of "
                        + operation.sexAgeBands()));
          }
          for (Integer n : f.sexAge()) nonNegative(errors, at + "sexAge", n);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          TrackingErrorCode.INVALID_FIGURES,
          "The figures are invalid; nothing was changed",
          errors);
    }
  }

  private static void nonNegative(List<InputError> errors, String field, Integer value) {
    if (value != null && value < 0) {
      errors.add(new InputError(null, field, value.toString(), "must not be negative"));
    }
  }

  // ------------------------------------------------------------------ collected assessments

  /**
   * The round that takes collected submissions: the operation's COLLECTING round (the newest one if
   * there are several), or empty.
   */
  public Optional<Round> findCollectingRound(String operationCode) {
    return listRounds(operationCode).stream()
        .filter(r -> r.status() == RoundStatus.COLLECTING)
        .max(java.util.Comparator.comparingInt(Round::number));
  }

  /**
   * Creates the assessment of a collected submission in a COLLECTING or IN_REVIEW round, or
   * replaces the one of the same source there (same instanceID, same assessment); then re-validates
   * the round. Bad figures: an {@code INVALID_FIGURES} problem, nothing stored.
   *
   * @return the stored assessment
   */
  @Transactional
  public Assessment putCollectedAssessment(
      String operationCode, int roundNumber, CollectedAssessment assessment) {
    return putCollectedAssessment(operationCode, roundNumber, assessment, true);
  }

  /**
   * As {@link #putCollectedAssessment(String, int, CollectedAssessment)}; with {@code validateNow}
   * false the round is not re-validated: the caller applies a batch and then calls {@link
   * #validateIfChanged} once for the batch (a whole-round validation per assessment would make a
   * burst of submissions cost a validation each). Until then the round's flags lag behind its data;
   * publishing and submitting for review validate anyway.
   */
  @Transactional
  public Assessment putCollectedAssessment(
      String operationCode, int roundNumber, CollectedAssessment assessment, boolean validateNow) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockOpenRound(operation, roundNumber, "add collected data to");
    checkFigures(operation, assessment.figures());
    long id = collected.upsert(round.id(), assessment);
    assessments.replaceFigures(id, assessment.figures());
    if (validateNow) validation.run(round, operation);
    return assessments.find(round.id(), id).orElseThrow();
  }

  /**
   * Removes the assessment of a source from a round (a rejected submission), if it has one, and
   * re-validates the round.
   *
   * @return whether there was one
   */
  @Transactional
  public boolean removeCollectedAssessment(String operationCode, int roundNumber, String source) {
    return removeCollectedAssessment(operationCode, roundNumber, source, true);
  }

  /**
   * As {@link #removeCollectedAssessment(String, int, String)}; with {@code validateNow} false the
   * round is left for a later {@link #validateIfChanged}.
   */
  @Transactional
  public boolean removeCollectedAssessment(
      String operationCode, int roundNumber, String source, boolean validateNow) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockOpenRound(operation, roundNumber, "remove collected data from");
    Optional<Long> id = collected.findBySource(round.id(), source);
    if (id.isEmpty()) return false;
    flags.resolveImportFlagsOf(id.get());
    assessments.delete(id.get());
    if (validateNow) validation.run(round, operation);
    return true;
  }

  /** What an assessment was collected from (a submission's instanceID), if anything. */
  public Optional<String> findAssessmentSource(
      String operationCode, int roundNumber, long assessmentId) {
    return collected.sourceOf(getRound(operationCode, roundNumber).id(), assessmentId);
  }

  // ------------------------------------------------------------------ review

  /**
   * Places assessed in the round against the places expected: those of the latest earlier round
   * with assessments, or — for an operation's first round — its location list.
   */
  public RoundProgress getRoundProgress(String operationCode, int roundNumber) {
    Operation operation = geography.getOperation(operationCode);
    Round round = getRound(operationCode, roundNumber);
    long received = review.countPlaces(round.id());
    var previous = review.findPreviousRoundWithData(operation.id(), roundNumber);
    if (previous.isPresent()) {
      Round earlier = getRound(operationCode, previous.get());
      long missing = review.countPlacesMissing(round.id(), earlier.id());
      return new RoundProgress(
          roundNumber,
          received,
          review.countPlaces(earlier.id()),
          "PREVIOUS_ROUND",
          earlier.number(),
          review.listPlacesMissing(round.id(), earlier.id(), 200),
          missing);
    }
    long locations = geography.countLocations(operation.id());
    if (locations == 0) {
      return new RoundProgress(roundNumber, received, 0, "NONE", null, List.of(), 0);
    }
    Set<Long> assessed = new java.util.HashSet<>(review.listAssessedLocationIds(round.id()));
    List<String> missing =
        geography.listLocations(operation.id()).stream()
            .filter(l -> !assessed.contains(l.id()))
            .map(l -> l.code())
            .sorted()
            .toList();
    return new RoundProgress(
        roundNumber,
        received,
        locations,
        "LOCATIONS",
        null,
        missing.stream().limit(200).toList(),
        missing.size());
  }

  /**
   * The place's assessments (by P-code or location code) in every round of the operation, oldest
   * first: its history, and this round against the last for a reviewer.
   */
  public List<PlaceRound> listPlaceHistory(String operationCode, String place) {
    Operation operation = geography.getOperation(operationCode);
    return review.listPlaceRounds(operation.id(), place);
  }

  public List<ValidationFlag> listFlags(String operationCode, int roundNumber, FlagFilter filter) {
    Round round = getRound(operationCode, roundNumber);
    return flags.list(round.id(), filter == null ? FlagFilter.all() : filter);
  }

  /** Re-runs the rules over the round now. */
  @Transactional
  public Map<String, Long> validate(String operationCode, int roundNumber) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockOpenRound(operation, roundNumber, "validate");
    validation.run(round, operation);
    return flags.countsByRule(round.id());
  }

  /**
   * Re-runs the rules over an open round unless nothing they read changed since they last ran (the
   * same check publishing makes). A round no longer open is left alone.
   *
   * @return true when the rules ran
   */
  @Transactional
  public boolean validateIfChanged(String operationCode, int roundNumber) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockRound(operation, roundNumber);
    if (!OPEN_FOR_DATA.contains(round.status())) return false;
    return validation.runIfChanged(round, operation);
  }

  /** Justifies an open warning. Errors cannot be justified: the data must be fixed. */
  @Transactional
  public ValidationFlag justify(
      String operationCode, int roundNumber, long flagId, String justification, String user) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockOpenRound(operation, roundNumber, "review");
    ValidationFlag flag =
        flags
            .find(round.id(), flagId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        TrackingErrorCode.FLAG_NOT_FOUND,
                        "Round " + roundNumber + " has no flag " + flagId));
    if (justification == null || justification.isBlank()) {
      throw new OpenDtmException(
          TrackingErrorCode.INVALID_ROUND,
          "A justification needs words",
          List.of(InputError.field("justification", "required")));
    }
    if (flag.severity() == Severity.ERROR) {
      throw new OpenDtmException(
          TrackingErrorCode.ERROR_NOT_JUSTIFIABLE,
          "Flag " + flagId + " is an error (" + flag.rule() + "): fix the data that raises it");
    }
    if (flag.status() == FlagStatus.RESOLVED) {
      throw new OpenDtmException(
          TrackingErrorCode.ROUND_STATE, "Flag " + flagId + " is resolved; nothing to justify");
    }
    flags.justify(flagId, justification.strip(), user);
    return flags.find(round.id(), flagId).orElseThrow();
  }

  /** Collection is over: the round is validated and goes to review. */
  @Transactional
  public Round submitForReview(String operationCode, int roundNumber, String user) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockOpenRound(operation, roundNumber, "submit for review");
    validation.run(round, operation);
    rounds.setStatus(round.id(), RoundStatus.IN_REVIEW);
    return getRound(operationCode, roundNumber);
  }

  /**
   * Signs a round off (from COLLECTING or IN_REVIEW): refused (409, listing them) while errors are
   * open; open warnings need their own justification or {@code justification}, which is then
   * recorded on each (bulk acceptance, e.g. when loading history published elsewhere). Bumps the
   * revision and publishes {@link RoundPublished} inside this transaction, so a failing listener
   * undoes the publication.
   */
  @Transactional
  public RoundRevision publish(
      String operationCode, int roundNumber, String justification, String user) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockRound(operation, roundNumber);
    // A round still COLLECTING passes through review on the way: sign-off is the review's end,
    // and API clients (and the DTM history loader) publish straight after importing.
    if (round.status() != RoundStatus.IN_REVIEW && round.status() != RoundStatus.COLLECTING) {
      throw new OpenDtmException(
          TrackingErrorCode.ROUND_STATE,
          "Round "
              + roundNumber
              + " is "
              + round.status()
              + "; only a round COLLECTING or IN_REVIEW can be published (reopen a published"
              + " round to correct it)");
    }
    PhaseTimer timer = new PhaseTimer();
    validation.runIfChanged(round, operation);
    timer.lap("validation");
    List<ValidationFlag> errors =
        flags.list(round.id(), new FlagFilter(Severity.ERROR, FlagStatus.OPEN, null));
    if (!errors.isEmpty()) {
      throw blocked(errors, "open error", "fix the data");
    }
    boolean bulk = justification != null && !justification.isBlank();
    if (bulk) {
      flags.justifyOpenWarnings(round.id(), justification.strip(), user);
    } else {
      List<ValidationFlag> warnings =
          flags.list(round.id(), new FlagFilter(Severity.WARNING, FlagStatus.OPEN, null));
      if (!warnings.isEmpty()) {
        throw blocked(
            warnings,
            "open warning",
            "justify each, or publish with a justification that accepts them all");
      }
    }
    timer.lap("flags");
    List<RoundRevision> before = rounds.revisions(round.id());
    int revision = rounds.publish(round.id(), user, bulk ? justification.strip() : null, Map.of());
    timer.lap("revision");
    events.publishEvent(
        new RoundPublished(
            operation.id(),
            operation.code(),
            round.id(),
            round.number(),
            round.reportingDate(),
            revision,
            user));
    // The revision's totals: as the publication's aggregation summed them in this transaction, or
    // summed here when nothing (or not every assessment) was aggregated.
    Optional<Map<String, Object>> aggregated =
        publishedTotals
            .orderedStream()
            .map(source -> source.find(round.id(), revision))
            .flatMap(Optional::stream)
            .findFirst()
            .map(TrackingManagement::totalsByTypeAndGroup);
    timer.lap("aggregates (RoundPublished)");
    Map<String, Object> totals =
        aggregated.orElseGet(
            () -> {
              Map<String, Object> summed = rounds.totals(round.id());
              timer.lap("totals");
              return summed;
            });
    Map<String, Object> changes = new HashMap<>();
    changes.put("totals", totals);
    if (!before.isEmpty()) {
      Object previous = before.get(before.size() - 1).changes().get("totals");
      changes.put("previousTotals", previous == null ? Map.of() : previous);
    }
    rounds.storeChanges(round.id(), revision, changes);
    log.info("Publishing {} round {} revision {}: {}", operationCode, roundNumber, revision, timer);
    return rounds.revisions(round.id()).stream()
        .filter(r -> r.revision() == revision)
        .findFirst()
        .orElseThrow();
  }

  /** The totals in the form {@code Rounds.totals} stores them: "TYPE/GROUP" to its three sums. */
  private static Map<String, Object> totalsByTypeAndGroup(List<RoundTotal> totals) {
    Map<String, Object> byKey = new java.util.TreeMap<>();
    for (RoundTotal total : totals) {
      byKey.put(
          total.assessmentType() + "/" + total.populationGroup(),
          Map.of(
              "places", total.places(),
              "households", total.households(),
              "individuals", total.individuals()));
    }
    return byKey;
  }

  /**
   * Reopens a published round for a correction: it goes back to IN_REVIEW and its next publication
   * becomes the next revision; the published revision stays readable in the publication module.
   */
  @Transactional
  public Round reopen(String operationCode, int roundNumber, String reason, String user) {
    Operation operation = geography.getOperation(operationCode);
    Round round = lockRound(operation, roundNumber);
    if (reason == null || reason.isBlank()) {
      throw new OpenDtmException(
          TrackingErrorCode.INVALID_ROUND,
          "Say why the round is reopened",
          List.of(InputError.field("reason", "required")));
    }
    if (round.status() != RoundStatus.PUBLISHED) {
      throw new OpenDtmException(
          TrackingErrorCode.ROUND_STATE,
          "Round "
              + roundNumber
              + " is "
              + round.status()
              + "; only a published round is reopened");
    }
    events.publishEvent(
        new RoundReopening(
            operation.id(), operation.code(), round.id(), round.number(), round.revision()));
    rounds.reopen(round.id(), reason.strip() + " (" + user + ")");
    return getRound(operationCode, roundNumber);
  }

  // ------------------------------------------------------------------ helpers

  private Round lockRound(Operation operation, int number) {
    return rounds
        .findForUpdate(operation.id(), operation.code(), number)
        .orElseThrow(() -> roundNotFound(operation.code(), number));
  }

  private Round lockOpenRound(Operation operation, int number, String what) {
    Round round = lockRound(operation, number);
    if (!OPEN_FOR_DATA.contains(round.status())) {
      throw new OpenDtmException(
          TrackingErrorCode.ROUND_STATE,
          "Round "
              + number
              + " is "
              + round.status()
              + "; you can "
              + what
              + " it only while it is COLLECTING or IN_REVIEW"
              + (round.status() == RoundStatus.PUBLISHED ? " (reopen it for a correction)" : ""));
    }
    return round;
  }

  private static OpenDtmException blocked(List<ValidationFlag> open, String kind, String advice) {
    List<InputError> listed =
        open.stream()
            .limit(1000)
            .map(
                f ->
                    new InputError(
                        null, f.rule(), f.place(), "flag " + f.id() + ": " + f.message()))
            .toList();
    return new OpenDtmException(
        TrackingErrorCode.OPEN_FLAGS,
        open.size() + " " + kind + (open.size() == 1 ? "" : "s") + " block publishing: " + advice,
        listed,
        open.size(),
        Map.of("flagIds", open.stream().map(ValidationFlag::id).limit(1000).toList()));
  }

  private static NotFoundException roundNotFound(String operationCode, int number) {
    return new NotFoundException(
        TrackingErrorCode.ROUND_NOT_FOUND,
        "Operation " + operationCode + " has no round " + number);
  }

  private static NotFoundException assessmentNotFound(long id) {
    return new NotFoundException(
        TrackingErrorCode.ASSESSMENT_NOT_FOUND, "No assessment " + id + " in this round");
  }
}
