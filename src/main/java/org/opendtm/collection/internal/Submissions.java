package org.opendtm.collection.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
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
  private final DataSource dataSource;

  Submissions(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
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

  /**
   * What {@link #insertAllIfNew} did with one submission: {@code createdId} when it stored it, else
   * the row stored before under its instanceID.
   */
  public record Inserted(Long createdId, Existing existing) {}

  /**
   * Inserts several submissions in one statement, each unless its instanceID is already stored in
   * its operation, and reads the stored rows of those that were; the caller commits them together
   * (group commit). The (operation, instanceID) pairs must be distinct within the call.
   *
   * @return one answer per submission, in order
   */
  public List<Inserted> insertAllIfNew(List<NewSubmission> batch) {
    int n = batch.size();
    String[] ops = new String[n];
    String[] formIds = new String[n];
    String[] versions = new String[n];
    Long[] versionRefs = new Long[n];
    String[] instanceIds = new String[n];
    String[] names = new String[n];
    String[] devices = new String[n];
    String[] submitters = new String[n];
    byte[][] xmls = new byte[n][];
    byte[][] shas = new byte[n][];
    for (int i = 0; i < n; i++) {
      NewSubmission s = batch.get(i);
      ops[i] = s.operationCode();
      formIds[i] = s.formId();
      versions[i] = s.formVersion();
      versionRefs[i] = s.formVersionRef();
      instanceIds[i] = s.instanceId();
      names[i] = s.instanceName();
      devices[i] = s.deviceId();
      submitters[i] = s.submitter();
      xmls[i] = s.xml();
      shas[i] = s.xmlSha256();
    }
    Map<List<String>, Long> created = new HashMap<>();
    Map<List<String>, Existing> existing = new HashMap<>();
    jdbc.sql(
            """
            insert into collection.submission
              (operation_code, form_id, form_version, form_version_ref, instance_id, instance_name,
               device_id, submitter, xml, xml_sha256)
            select * from unnest(:ops, :formIds, :versions, :versionRefs, :instanceIds, :names,
                                 :devices, :submitters, :xmls, :shas)
            on conflict (operation_code, instance_id) do nothing
            returning operation_code, instance_id, id
            """)
        .param("ops", array("text", ops))
        .param("formIds", array("text", formIds))
        .param("versions", array("text", versions))
        .param("versionRefs", array("int8", versionRefs))
        .param("instanceIds", array("text", instanceIds))
        .param("names", array("text", names))
        .param("devices", array("text", devices))
        .param("submitters", array("text", submitters))
        .param("xmls", array("bytea", xmls))
        .param("shas", array("bytea", shas))
        .query((rs, row) -> created.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3)))
        .list();
    if (created.size() < n) {
      jdbc.sql(
              """
              select s.operation_code, s.instance_id, s.id, s.state, s.xml_sha256
                from collection.submission s
                join unnest(:ops, :instanceIds) as k (operation_code, instance_id)
                  on s.operation_code = k.operation_code and s.instance_id = k.instance_id
              """)
          .param("ops", array("text", ops))
          .param("instanceIds", array("text", instanceIds))
          .query(
              (rs, row) ->
                  existing.put(
                      List.of(rs.getString(1), rs.getString(2)),
                      new Existing(rs.getLong(3), rs.getString(4), rs.getBytes(5))))
          .list();
    }
    List<Inserted> answers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<String> key = List.of(ops[i], instanceIds[i]);
      answers.add(new Inserted(created.get(key), existing.get(key)));
    }
    return answers;
  }

  /** A SQL array on the transaction's connection: {@code unnest} takes a batch as columns. */
  private java.sql.Array array(String type, Object[] values) {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      return connection.createArrayOf(type, values);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot make a " + type + " array", e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
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
