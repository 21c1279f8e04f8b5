package org.opendtm.collection.internal.binding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opendtm.collection.FormField;
import org.opendtm.collection.FormManagement;
import org.opendtm.collection.internal.SubmissionErrorCode;
import org.opendtm.collection.internal.binding.ProcessingStates.Processing;
import org.opendtm.collection.internal.binding.ProcessingStates.Work;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A reviewer's work on submissions: edits kept as revisions (who, when, field path, old and new
 * value), approval and rejection. After each, the submission's assessment is derived again from its
 * current XML: an edit replaces it, a rejection removes it from the round.
 */
@Component
public class SubmissionReview {

  /** One changed value. */
  public record Change(String field, String path, String oldValue, String newValue) {}

  /** One revision of a submission. */
  public record Revision(
      int number, String editedBy, OffsetDateTime editedAt, List<Change> changes) {}

  private final JdbcClient jdbc;
  private final ProcessingStates states;
  private final SubmissionApplier applier;
  private final FormManagement forms;
  private final ObjectMapper json;
  private final TransactionTemplate tx;

  SubmissionReview(
      JdbcClient jdbc,
      ProcessingStates states,
      SubmissionApplier applier,
      FormManagement forms,
      ObjectMapper json,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.states = states;
    this.applier = applier;
    this.forms = forms;
    this.json = json;
    this.tx = new TransactionTemplate(transactions);
  }

  /**
   * Sets fields (by XLSForm name) to new values as one revision, then applies the submission again.
   * Unknown fields, fields the instance lacks and groups are refused, all in one problem; nothing
   * is stored then.
   *
   * @return the revision (null when no value changed)
   */
  public Revision edit(long submissionId, Map<String, String> values, String user) {
    Revision revision =
        tx.execute(
            status -> {
              Work work = states.lock(submissionId).orElseThrow();
              if ("DELETED".equals(work.state())) {
                throw new OpenDtmException(
                    SubmissionErrorCode.SUBMISSION_DELETED, "A deleted submission is not edited");
              }
              if (values == null || values.isEmpty()) {
                throw new OpenDtmException(
                    SubmissionErrorCode.SUBMISSION_MALFORMED,
                    "Give the changed values, e.g. {\"values\": {\"idp_households\": \"12\"}}",
                    List.of(InputError.field("values", "at least one field name → value")));
              }
              Map<String, FormField> fields = new LinkedHashMap<>();
              for (FormField f :
                  forms.fields(work.operationCode(), work.formId(), work.formVersion())) {
                fields.put(f.name(), f);
              }
              InstanceXml instance = InstanceXml.parse(work.xml());
              List<InputError> errors = new ArrayList<>();
              List<Change> changes = new ArrayList<>();
              values.forEach(
                  (name, value) -> {
                    FormField field = fields.get(name);
                    if (field == null) {
                      errors.add(new InputError(null, name, value, "not a field of this form"));
                    } else if (field.dataType() == null) {
                      errors.add(new InputError(null, name, value, "a group holds no value"));
                    } else if (field.repeat() != null) {
                      errors.add(
                          new InputError(null, name, value, "fields in repeats are not edited"));
                    } else {
                      try {
                        String old = instance.set(field.path(), value);
                        if (!Objects.equals(old, value == null ? "" : value)) {
                          changes.add(new Change(name, field.path(), old, value));
                        }
                      } catch (IllegalArgumentException e) {
                        errors.add(
                            new InputError(null, name, value, "the submission has no such answer"));
                      }
                    }
                  });
              if (!errors.isEmpty()) {
                throw new OpenDtmException(
                    SubmissionErrorCode.SUBMISSION_MALFORMED,
                    "The edit was refused; nothing was changed",
                    errors);
              }
              if (changes.isEmpty()) return null;
              jdbc.sql("update collection.submission set edited_xml = :xml where id = :id")
                  .param("xml", instance.bytes())
                  .param("id", submissionId)
                  .update();
              int number =
                  jdbc.sql(
                          """
                          insert into collection.submission_revision
                            (submission_ref, number, edited_by, changes)
                          select :id, coalesce(max(number), 0) + 1, :user, cast(:changes as jsonb)
                            from collection.submission_revision where submission_ref = :id
                          returning number
                          """)
                      .param("id", submissionId)
                      .param("user", user)
                      .param("changes", write(changes))
                      .query(Integer.class)
                      .single();
              return revisions(submissionId).stream()
                  .filter(r -> r.number() == number)
                  .findFirst()
                  .orElseThrow();
            });
    if (revision != null) applier.apply(submissionId);
    return revision;
  }

  /** Approves the submission; its assessment is derived again (it may have been edited). */
  public Processing approve(long submissionId, String user) {
    review(submissionId, "APPROVED", user, null);
    return applier.apply(submissionId).orElseThrow();
  }

  /** Rejects the submission: its assessment leaves the round. */
  public Processing reject(long submissionId, String user, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new OpenDtmException(
          SubmissionErrorCode.SUBMISSION_MALFORMED,
          "Say why the submission is rejected",
          List.of(InputError.field("reason", "required")));
    }
    review(submissionId, "REJECTED", user, reason.strip());
    return applier.apply(submissionId).orElseThrow();
  }

  private void review(long submissionId, String state, String user, String reason) {
    tx.executeWithoutResult(
        status -> {
          Work work = states.lock(submissionId).orElseThrow();
          if ("DELETED".equals(work.state())) {
            throw new NotFoundException(
                SubmissionErrorCode.SUBMISSION_NOT_FOUND,
                "Submission " + work.instanceId() + " was deleted");
          }
          states.review(submissionId, state, user, reason);
        });
  }

  /** The submission's revisions, oldest first. */
  public List<Revision> revisions(long submissionId) {
    return jdbc.sql(
            """
            select number, edited_by, edited_at, changes::text from collection.submission_revision
             where submission_ref = :id order by number
            """)
        .param("id", submissionId)
        .query(
            (rs, n) ->
                new Revision(
                    rs.getInt(1),
                    rs.getString(2),
                    rs.getObject(3, OffsetDateTime.class),
                    read(rs.getString(4))))
        .list();
  }

  /** The current XML of the submission (a reviewer's edit, else as received). */
  public String currentXml(long submissionId) {
    return new String(states.currentXml(submissionId), StandardCharsets.UTF_8);
  }

  private String write(List<Change> changes) {
    try {
      return json.writeValueAsString(changes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Change> read(String text) {
    try {
      return List.of(json.readValue(text, Change[].class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
