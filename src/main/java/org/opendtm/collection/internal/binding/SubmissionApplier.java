package org.opendtm.collection.internal.binding;

import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.opendtm.collection.FormBinding;
import org.opendtm.collection.FormManagement;
import org.opendtm.collection.internal.binding.ProcessingStates.Processing;
import org.opendtm.collection.internal.binding.ProcessingStates.Work;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.geography.PlaceResolver;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.tracking.Assessment;
import org.opendtm.tracking.Round;
import org.opendtm.tracking.RoundStatus;
import org.opendtm.tracking.TrackingManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a stored submission into an assessment of the operation's COLLECTING round through its
 * form's binding, and records the outcome on the submission. The assessment and the APPLIED state
 * commit together; when the submission cannot be applied, its earlier assessment (if any) is
 * removed and the reason recorded, in a second transaction. Never throws for bad field data.
 */
@Component
public class SubmissionApplier {

  private static final Logger log = LoggerFactory.getLogger(SubmissionApplier.class);
  private static final EnumSet<RoundStatus> OPEN =
      EnumSet.of(RoundStatus.COLLECTING, RoundStatus.IN_REVIEW);

  private final ProcessingStates states;
  private final FormManagement forms;
  private final GeographyManagement geography;
  private final TrackingManagement tracking;
  private final TransactionTemplate tx;

  SubmissionApplier(
      ProcessingStates states,
      FormManagement forms,
      GeographyManagement geography,
      TrackingManagement tracking,
      PlatformTransactionManager transactions) {
    this.states = states;
    this.forms = forms;
    this.geography = geography;
    this.tracking = tracking;
    this.tx = new TransactionTemplate(transactions);
  }

  /** A reason the submission cannot become an assessment now. */
  private static final class NotApplied extends RuntimeException {
    NotApplied(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * A round whose data a deferred application changed: it needs {@link
   * TrackingManagement#validateIfChanged} once the batch is done.
   */
  public record TouchedRound(String operationCode, int roundNumber) {}

  /** Applies one submission with a fresh view of the operation's geography; validates at once. */
  public Optional<Processing> apply(long submissionId) {
    return apply(submissionId, operationId -> geography.placeResolver(operationId), null);
  }

  /**
   * Applies one submission.
   *
   * @param places the place resolver of an operation (a batch shares one snapshot)
   * @param touched null to re-validate the round in the same transaction; else the round is not
   *     validated and is added to this set, for the caller to validate once per batch
   * @return the submission's processing state afterwards; empty when there is no such submission
   */
  public Optional<Processing> apply(
      long submissionId, LongFunction<PlaceResolver> places, Set<TouchedRound> touched) {
    String reason;
    try {
      tx.executeWithoutResult(status -> attempt(submissionId, places, touched));
      return states.find(submissionId);
    } catch (NotApplied e) {
      reason = e.getMessage();
    } catch (OpenDtmException e) {
      reason = describe(e);
    } catch (IllegalArgumentException e) {
      reason = e.getMessage();
    }
    String why = reason;
    tx.executeWithoutResult(
        status -> {
          Optional<Work> work = states.lock(submissionId);
          if (work.isEmpty()) return;
          removeEarlierAssessment(work.get(), touched);
          Integer target =
              tracking
                  .findCollectingRound(work.get().operationCode())
                  .map(Round::number)
                  .orElse(null);
          states.notApplied(submissionId, why, target);
        });
    log.debug("Submission {} not applied: {}", submissionId, why);
    return states.find(submissionId);
  }

  private void attempt(
      long submissionId, LongFunction<PlaceResolver> places, Set<TouchedRound> touched) {
    Work work = states.lock(submissionId).orElse(null);
    if (work == null) return;
    if ("REJECTED".equals(work.state()) || "DELETED".equals(work.state())) {
      throw new NotApplied("the submission is " + work.state().toLowerCase(java.util.Locale.ROOT));
    }
    FormBinding binding;
    try {
      binding = forms.binding(work.operationCode(), work.formId());
    } catch (NotFoundException e) {
      throw new NotApplied("form " + work.formId() + " has no binding yet");
    }
    Round round =
        tracking
            .findCollectingRound(work.operationCode())
            .orElseThrow(
                () ->
                    new NotApplied(
                        "no open round: operation "
                            + work.operationCode()
                            + " has no COLLECTING round; the submission is applied when one"
                            + " opens"));
    if (work.roundNumber() != null && work.roundNumber() != round.number()) {
      // the submission moves to the open round: it leaves the one it was in, if still open
      removeEarlierAssessment(work, touched);
    }
    Operation operation = geography.getOperation(work.operationCode());
    SubmissionBinder binder =
        new SubmissionBinder(
            binding,
            forms.fields(work.operationCode(), work.formId(), work.formVersion()),
            places.apply(operation.id()),
            operation.adminLevels());
    InstanceXml instance = InstanceXml.parse(work.xml());
    SubmissionBinder.Result result =
        binder.bind(
            work.instanceId(),
            instance.values(),
            instance::repeat,
            work.receivedAt().atZoneSameInstant(ZoneOffset.UTC).toLocalDate());
    if (!result.applied()) throw new NotApplied(String.join("; ", result.problems()));
    Assessment assessment =
        tracking.putCollectedAssessment(
            work.operationCode(), round.number(), result.assessment(), touched == null);
    if (touched != null) touched.add(new TouchedRound(work.operationCode(), round.number()));
    states.applied(
        submissionId,
        round.number(),
        assessment.id(),
        result.assessment().place(),
        result.unitPcode());
  }

  private void removeEarlierAssessment(Work work, Set<TouchedRound> touched) {
    if (work.roundNumber() == null) return;
    Round round = tracking.getRound(work.operationCode(), work.roundNumber());
    if (OPEN.contains(round.status())) {
      boolean removed =
          tracking.removeCollectedAssessment(
              work.operationCode(), round.number(), work.instanceId(), touched == null);
      if (removed && touched != null) {
        touched.add(new TouchedRound(work.operationCode(), round.number()));
      }
    }
  }

  private static String describe(OpenDtmException e) {
    List<String> errors =
        e.errors().stream()
            .map(
                error ->
                    (error.field() == null ? "" : error.field() + ": ")
                        + (error.value() == null ? "" : "'" + error.value() + "' ")
                        + error.reason())
            .collect(Collectors.toList());
    return errors.isEmpty() ? e.getMessage() : e.getMessage() + ": " + String.join("; ", errors);
  }
}
