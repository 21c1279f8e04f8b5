package org.opendtm.collection.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored submissions and their attachments (tables collection.submission, …_attachment). */
@Repository
public class Submissions {

  /** A submission to store. */
  public record NewSubmission(
      String operationCode,
      String formId,
      String formVersion,
      long formVersionRef,
      String instanceId,
      String instanceName,
      String deviceId,
      String submitter,
      byte[] xml,
      byte[] xmlSha256) {}

  /** An attachment to store with a submission. */
  public record NewAttachment(String filename, String contentType, byte[] content, byte[] sha256) {}

  /** What a retry is compared with. */
  public record Existing(long id, String state, byte[] xmlSha256) {}

  /** A submission's metadata, without its XML. */
  public record SubmissionSummary(
      long id,
      String instanceId,
      String formId,
      String formVersion,
      String instanceName,
      String submitter,
      String deviceId,
      OffsetDateTime receivedAt,
      String state,
      int attachmentCount,
      String processing,
      String processingReason) {}

  /** An attachment's metadata. */
  public record AttachmentInfo(
      String filename, String contentType, long size, String sha256, OffsetDateTime receivedAt) {}

  /** An attachment with its bytes. */
  public record AttachmentContent(String filename, String contentType, byte[] content) {}

  /** Filters of the submission list; null means any. */
  public record Filter(
      String state, OffsetDateTime from, OffsetDateTime to, String submitter, int page, int size) {}

  private static final String SUMMARY =
      """
      select s.id, s.instance_id, s.form_id, s.form_version, s.instance_name, s.submitter,
             s.device_id, s.received_at, s.state,
             (select count(*) from collection.submission_attachment a
               where a.submission_ref = s.id)::int as attachment_count,
             s.processing, s.processing_reason
        from collection.submission s
      """;

  private final JdbcClient jdbc;

  Submissions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Inserts the submission unless its instanceID is already stored in the operation. Concurrent
   * inserts of one instanceID wait for each other on the unique key: exactly one gets the id.
   */
  public Optional<Long> insertIfNew(NewSubmission s) {
    return jdbc.sql(
            """
            insert into collection.submission
              (operation_code, form_id, form_version, form_version_ref, instance_id, instance_name,
               device_id, submitter, xml, xml_sha256)
            values (:op, :formId, :version, :versionRef, :instanceId, :instanceName, :deviceId,
                    :submitter, :xml, :sha)
            on conflict (operation_code, instance_id) do nothing
            returning id
            """)
        .param("op", s.operationCode())
        .param("formId", s.formId())
        .param("version", s.formVersion())
        .param("versionRef", s.formVersionRef())
        .param("instanceId", s.instanceId())
        .param("instanceName", s.instanceName())
        .param("deviceId", s.deviceId())
        .param("submitter", s.submitter())
        .param("xml", s.xml())
        .param("sha", s.xmlSha256())
        .query(Long.class)
        .optional();
  }

  public Optional<Existing> findExisting(String operationCode, String instanceId) {
    return jdbc.sql(
            """
            select id, state, xml_sha256 from collection.submission
             where operation_code = :op and instance_id = :instanceId
            """)
        .param("op", operationCode)
        .param("instanceId", instanceId)
        .query(Existing.class)
        .optional();
  }

  /**
   * Adds attachments; one already stored under the same file name is kept as it is (a client
   * resending a batch sends the same files again).
   *
   * @return how many were new
   */
  public int addAttachments(long submissionId, List<NewAttachment> attachments) {
    int added = 0;
    for (NewAttachment a : attachments) {
      added +=
          jdbc.sql(
                  """
                  insert into collection.submission_attachment
                    (submission_ref, filename, content_type, size, sha256, content)
                  values (:ref, :filename, :contentType, :size, :sha, :content)
                  on conflict (submission_ref, filename) do nothing
                  """)
              .param("ref", submissionId)
              .param("filename", a.filename())
              .param("contentType", a.contentType())
              .param("size", (long) a.content().length)
              .param("sha", a.sha256())
              .param("content", a.content())
              .update();
    }
    return added;
  }

  /** The list's filters: the same for a page and for the total. */
  private static final String FILTERED =
      """
       where s.operation_code = :op and s.form_id = :formId
         and (cast(:state as text) is null or s.state = :state)
         and (cast(:from as timestamptz) is null or s.received_at >= :from)
         and (cast(:to as timestamptz) is null or s.received_at < :to)
         and (cast(:submitter as text) is null or s.submitter = :submitter)
      """;

  /** One page of a form's submissions, oldest first. */
  public List<SubmissionSummary> list(String operationCode, String formId, Filter filter) {
    return filtered(
            SUMMARY + FILTERED + " order by s.received_at, s.id limit :size offset :offset",
            operationCode,
            formId,
            filter)
        .param("size", filter.size())
        .param("offset", (long) filter.page() * filter.size())
        .query(SubmissionSummary.class)
        .list();
  }

  /** How many submissions of the form pass the filters (page and size aside). */
  public long count(String operationCode, String formId, Filter filter) {
    return filtered(
            "select count(*) from collection.submission s" + FILTERED,
            operationCode,
            formId,
            filter)
        .query(Long.class)
        .single();
  }

  private JdbcClient.StatementSpec filtered(
      String sql, String operationCode, String formId, Filter filter) {
    return jdbc.sql(sql)
        .param("op", operationCode)
        .param("formId", formId)
        .param("state", filter.state())
        .param("from", filter.from())
        .param("to", filter.to())
        .param("submitter", filter.submitter());
  }

  /** The submission, or a 404 problem naming it: what every read and review endpoint answers. */
  public SubmissionSummary require(String operationCode, String formId, String instanceId) {
    return find(operationCode, formId, instanceId)
        .orElseThrow(
            () ->
                new org.opendtm.platform.NotFoundException(
                    SubmissionErrorCode.SUBMISSION_NOT_FOUND,
                    "No submission " + instanceId + " of form " + formId));
  }

  public Optional<SubmissionSummary> find(String operationCode, String formId, String instanceId) {
    return jdbc.sql(
            SUMMARY
                + " where s.operation_code = :op and s.form_id = :formId"
                + " and s.instance_id = :instanceId")
        .param("op", operationCode)
        .param("formId", formId)
        .param("instanceId", instanceId)
        .query(SubmissionSummary.class)
        .optional();
  }

  public byte[] xml(long submissionId) {
    return jdbc.sql("select xml from collection.submission where id = :id")
        .param("id", submissionId)
        .query(byte[].class)
        .single();
  }

  public List<AttachmentInfo> attachments(long submissionId) {
    return jdbc.sql(
            """
            select filename, content_type, size, encode(sha256, 'hex') as sha256, received_at
              from collection.submission_attachment
             where submission_ref = :id order by filename
            """)
        .param("id", submissionId)
        .query(AttachmentInfo.class)
        .list();
  }

  public Optional<AttachmentContent> attachment(long submissionId, String filename) {
    return jdbc.sql(
            """
            select filename, content_type, content from collection.submission_attachment
             where submission_ref = :id and filename = :filename
            """)
        .param("id", submissionId)
        .param("filename", filename)
        .query(AttachmentContent.class)
        .optional();
  }

  /** Sets a submission's state (reviews; DELETED keeps the row so the instanceID stays taken). */
  public void setState(long submissionId, String state) {
    jdbc.sql("update collection.submission set state = :state where id = :id")
        .param("state", state)
        .param("id", submissionId)
        .update();
  }
}
