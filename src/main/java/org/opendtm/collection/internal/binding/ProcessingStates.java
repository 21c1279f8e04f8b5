package org.opendtm.collection.internal.binding;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What became of each submission's data (columns {@code processing…}, {@code round_number}, {@code
 * assessment_id} of collection.submission), and the submission facts the binding needs.
 */
@Repository
public class ProcessingStates {

  /**
   * A submission as the binding reads it: its current XML (a reviewer's edit, else as received).
   */
  public record Work(
      long id,
      String operationCode,
      String formId,
      String formVersion,
      String instanceId,
      OffsetDateTime receivedAt,
      String state,
      String processing,
      Integer roundNumber,
      byte[] xml) {}

  /** The processing state of a submission, as the submission API shows it. */
  public record Processing(
      String processing,
      String reason,
      OffsetDateTime processedAt,
      Integer roundNumber,
      Long assessmentId,
      String reviewedBy,
      OffsetDateTime reviewedAt,
      String reviewReason) {}

  private final JdbcClient jdbc;

  ProcessingStates(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Locks the submission's row for the rest of the transaction: one application at a time. */
  public Optional<Work> lock(long submissionId) {
    return jdbc.sql(
            """
            select id, operation_code, form_id, form_version, instance_id, received_at, state,
                   processing, round_number, coalesce(edited_xml, xml) as xml
              from collection.submission where id = :id for update
            """)
        .param("id", submissionId)
        .query(Work.class)
        .optional();
  }

  /** The submission's current XML: a reviewer's edit, else as received. */
  public byte[] currentXml(long submissionId) {
    return jdbc.sql("select coalesce(edited_xml, xml) from collection.submission where id = :id")
        .param("id", submissionId)
        .query(byte[].class)
        .single();
  }

  /**
   * Records every PENDING submission of a form without a binding as NOT_APPLIED, with the reason
   * the applier would give, in one statement: applying them one by one took two transactions each
   * and found the same thing. Rejected and deleted submissions, and those that hold an assessment,
   * are left to the applier.
   *
   * @return how many were recorded
   */
  public int notAppliedWithoutBinding() {
    return jdbc.sql(
            """
            update collection.submission s
               set processing = 'NOT_APPLIED',
                   processing_reason = 'form ' || s.form_id || ' has no binding yet',
                   processed_at = now()
             where s.processing = 'PENDING' and s.round_number is null
               and s.state in ('RECEIVED', 'APPROVED')
               and not exists (select 1 from collection.form f
                                 join collection.form_binding b on b.form_ref = f.id
                                where f.operation_code = s.operation_code
                                  and f.form_id = s.form_id)
            """)
        .update();
  }

  /** PENDING submissions after an id, oldest first. */
  public List<Long> pendingAfter(long afterId, int limit) {
    return jdbc.sql(
            """
            select id from collection.submission where processing = 'PENDING' and id > :after
             order by id limit :limit
            """)
        .param("after", afterId)
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  /**
   * Applied: the submission's assessment is {@code assessmentId} in the round, at the place {@code
   * placeCode} (a location code or P-code) in the admin unit {@code unitPcode}.
   */
  public void applied(
      long submissionId, int roundNumber, long assessmentId, String placeCode, String unitPcode) {
    jdbc.sql(
            """
            update collection.submission
               set processing = 'APPLIED', processing_reason = null, processed_at = now(),
                   round_number = :round, assessment_id = :assessment, target_round = :round,
                   place_code = :place, unit_pcode = :unit
             where id = :id
            """)
        .param("round", roundNumber)
        .param("assessment", assessmentId)
        .param("place", placeCode)
        .param("unit", unitPcode)
        .param("id", submissionId)
        .update();
  }

  /**
   * Not applied: the submission has no assessment (any earlier one was removed).
   *
   * @param targetRound the round it was sent for (the COLLECTING round now), or null to keep the
   *     one recorded before (none open now)
   */
  public void notApplied(long submissionId, String reason, Integer targetRound) {
    jdbc.sql(
            """
            update collection.submission
               set processing = 'NOT_APPLIED', processing_reason = :reason, processed_at = now(),
                   round_number = null, assessment_id = null, place_code = null,
                   unit_pcode = null, target_round = coalesce(:target, target_round)
             where id = :id
            """)
        .param("reason", reason)
        .param("target", targetRound)
        .param("id", submissionId)
        .update();
  }

  /**
   * Puts the operation's submissions that found no open round back in the queue (not rejected or
   * deleted): a round has opened.
   */
  public int requeueWithoutRound(String operationCode) {
    return jdbc.sql(
            """
            update collection.submission set processing = 'PENDING'
             where operation_code = :op and processing = 'NOT_APPLIED' and target_round is null
               and state in ('RECEIVED', 'APPROVED')
            """)
        .param("op", operationCode)
        .update();
  }

  /** Puts a form's NOT_APPLIED submissions (not rejected or deleted) back in the queue. */
  public int requeueNotApplied(String operationCode, String formId) {
    return jdbc.sql(
            """
            update collection.submission set processing = 'PENDING'
             where operation_code = :op and form_id = :formId and processing = 'NOT_APPLIED'
               and state in ('RECEIVED', 'APPROVED')
            """)
        .param("op", operationCode)
        .param("formId", formId)
        .update();
  }

  public Optional<Processing> find(long submissionId) {
    return jdbc.sql(
            """
            select processing, processing_reason as reason, processed_at, round_number,
                   assessment_id,
                   reviewed_by, reviewed_at, review_reason
              from collection.submission where id = :id
            """)
        .param("id", submissionId)
        .query(Processing.class)
        .optional();
  }

  /** The submission (form id and instanceID) an assessment of the operation was derived from. */
  public Optional<String[]> byAssessment(String operationCode, long assessmentId) {
    return jdbc.sql(
            """
            select form_id, instance_id from collection.submission
             where operation_code = :op and assessment_id = :assessment
            """)
        .param("op", operationCode)
        .param("assessment", assessmentId)
        .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
        .optional();
  }

  public void review(long submissionId, String state, String user, String reason) {
    jdbc.sql(
            """
            update collection.submission
               set state = :state, reviewed_by = :user, reviewed_at = now(), review_reason = :reason
             where id = :id
            """)
        .param("state", state)
        .param("user", user)
        .param("reason", reason)
        .param("id", submissionId)
        .update();
  }
}
