package org.opendtm.collection.internal.openrosa;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.opendtm.collection.SubmissionReceived;
import org.opendtm.collection.internal.FormVersions;
import org.opendtm.collection.internal.FormVersions.FormVersion;
import org.opendtm.collection.internal.SubmissionErrorCode;
import org.opendtm.collection.internal.Submissions;
import org.opendtm.collection.internal.Submissions.Existing;
import org.opendtm.collection.internal.Submissions.Inserted;
import org.opendtm.collection.internal.Submissions.NewAttachment;
import org.opendtm.collection.internal.Submissions.NewSubmission;
import org.opendtm.platform.OpenDtmException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes in one OpenRosa submission: parses it safely, checks its form version, and stores it in one
 * transaction, idempotently by instanceID. Submissions without attachments share their transaction
 * with the others that arrive at the same time ({@link SubmissionWriter}, group commit). The caller
 * answers 201/202 only after {@link #receive} returned, that is after the commit (durable: the
 * platform runs synchronous_commit on). {@link SubmissionReceived} is published after the commit,
 * for new submissions only.
 */
@Service
public class SubmissionIntake {

  /** What happened to a submission. */
  public enum Outcome {
    /** Stored for the first time. */
    CREATED,
    /** The same instance was stored before; new attachments, if any, were added. */
    ALREADY_RECEIVED
  }

  /** An attachment as received. */
  public record Attachment(String filename, String contentType, byte[] content) {}

  /** The answer to a submission. */
  public record Receipt(
      Outcome outcome,
      long submissionId,
      String formId,
      String version,
      String instanceId,
      int attachmentsAdded) {}

  private static final long VERSION_CACHE_NANOS = 5_000_000_000L;

  private record CachedVersion(FormVersion version, long loadedNanos) {}

  private final Map<List<String>, CachedVersion> versions = new ConcurrentHashMap<>();
  private final FormVersions forms;
  private final Submissions submissions;
  private final TransactionTemplate transaction;
  private final ApplicationEventPublisher events;
  private final SubmissionWriter writer;

  SubmissionIntake(
      FormVersions forms,
      Submissions submissions,
      PlatformTransactionManager transactions,
      ApplicationEventPublisher events,
      SubmissionWriter writer) {
    this.forms = forms;
    this.submissions = submissions;
    this.writer = writer;
    this.transaction = new TransactionTemplate(transactions);
    this.events = events;
  }

  /**
   * Stores a submission of {@code submitter} to the operation.
   *
   * @param deviceIdParameter the {@code deviceID} query parameter Collect adds, used when the
   *     instance has no {@code meta/deviceID}
   * @throws OpenDtmException with a {@link SubmissionErrorCode} whose message tells the enumerator
   *     what to do
   */
  public Receipt receive(
      String operationCode,
      String submitter,
      String deviceIdParameter,
      byte[] xml,
      List<Attachment> attachments) {
    SubmissionXml.Instance instance = SubmissionXml.parse(xml);
    byte[] sha = sha256(xml);
    List<NewAttachment> files =
        attachments.stream()
            .map(
                a ->
                    new NewAttachment(
                        a.filename(), a.contentType(), a.content(), sha256(a.content())))
            .toList();
    Receipt receipt =
        files.isEmpty()
            ? grouped(operationCode, submitter, deviceIdParameter, xml, sha, instance)
            : null;
    if (receipt == null) {
      receipt =
          transaction.execute(
              status -> {
                FormVersion form = formVersion(operationCode, instance);
                // a closed form takes no new submission, but a retry of one it took is still fine
                Optional<Long> created =
                    !"OPEN".equals(form.state())
                        ? Optional.empty()
                        : submissions.insertIfNew(
                            newSubmission(
                                operationCode,
                                submitter,
                                deviceIdParameter,
                                xml,
                                sha,
                                instance,
                                form));
                if (created.isPresent()) {
                  int added = submissions.addAttachments(created.get(), files);
                  return new Receipt(
                      Outcome.CREATED,
                      created.get(),
                      form.formId(),
                      form.version(),
                      instance.instanceId(),
                      added);
                }
                Existing existing =
                    submissions
                        .findExisting(operationCode, instance.instanceId())
                        .orElseThrow(() -> formClosed(instance));
                checkRetry(existing, instance, sha);
                int added = submissions.addAttachments(existing.id(), files);
                return new Receipt(
                    Outcome.ALREADY_RECEIVED,
                    existing.id(),
                    form.formId(),
                    form.version(),
                    instance.instanceId(),
                    added);
              });
    }
    if (receipt.outcome() == Outcome.CREATED) {
      events.publishEvent(
          new SubmissionReceived(
              operationCode,
              receipt.formId(),
              receipt.version(),
              receipt.instanceId(),
              receipt.submissionId()));
    }
    return receipt;
  }

  /**
   * A submission without attachments to an open form goes through the {@link SubmissionWriter}'s
   * group commit; null when it must be stored alone (closed form, or the writer's batch failed).
   */
  private Receipt grouped(
      String operationCode,
      String submitter,
      String deviceIdParameter,
      byte[] xml,
      byte[] sha,
      SubmissionXml.Instance instance) {
    FormVersion form = formVersion(operationCode, instance);
    if (!"OPEN".equals(form.state())) return null;
    Inserted inserted;
    try {
      inserted =
          writer.insertIfNew(
              newSubmission(operationCode, submitter, deviceIdParameter, xml, sha, instance, form));
    } catch (SubmissionWriter.Unavailable e) {
      return null;
    }
    if (inserted.createdId() != null) {
      return new Receipt(
          Outcome.CREATED,
          inserted.createdId(),
          form.formId(),
          form.version(),
          instance.instanceId(),
          0);
    }
    if (inserted.existing() == null) return null; // deleted meanwhile by hand: store it alone
    checkRetry(inserted.existing(), instance, sha);
    return new Receipt(
        Outcome.ALREADY_RECEIVED,
        inserted.existing().id(),
        form.formId(),
        form.version(),
        instance.instanceId(),
        0);
  }

  private static NewSubmission newSubmission(
      String operationCode,
      String submitter,
      String deviceIdParameter,
      byte[] xml,
      byte[] sha,
      SubmissionXml.Instance instance,
      FormVersion form) {
    return new NewSubmission(
        operationCode,
        form.formId(),
        form.version(),
        form.id(),
        instance.instanceId(),
        instance.instanceName(),
        instance.deviceId() != null ? instance.deviceId() : deviceIdParameter,
        submitter,
        xml,
        sha);
  }

  /** A retry of a stored submission: refused when it was deleted or its XML differs. */
  private static void checkRetry(Existing existing, SubmissionXml.Instance instance, byte[] sha) {
    if ("DELETED".equals(existing.state())) {
      throw new OpenDtmException(
          SubmissionErrorCode.SUBMISSION_DELETED,
          "This submission ("
              + instance.instanceId()
              + ") was deleted on the server and cannot be sent again. Delete it on"
              + " your device.");
    }
    if (!Arrays.equals(existing.xmlSha256(), sha)) {
      throw new OpenDtmException(
          SubmissionErrorCode.SUBMISSION_CONFLICT,
          "A different submission with the same instanceID ("
              + instance.instanceId()
              + ") was already received. Do not edit sent forms; fill a new form"
              + " instead.");
    }
  }

  private FormVersion formVersion(String operationCode, SubmissionXml.Instance instance) {
    Optional<FormVersion> version = cachedVersion(operationCode, instance);
    if (version.isEmpty()) {
      boolean formKnown = forms.latest(operationCode, instance.formId()).isPresent();
      throw new OpenDtmException(
          SubmissionErrorCode.SUBMISSION_UNKNOWN_FORM,
          formKnown
              ? "Version "
                  + instance.version()
                  + " of form "
                  + instance.formId()
                  + " does not exist on this server. Get the current form (Get Blank Form) and"
                  + " fill it again, or ask your supervisor."
              : "The form "
                  + instance.formId()
                  + " does not exist in operation "
                  + operationCode
                  + " on this server. Check the server URL in Collect's settings.");
    }
    return version.get();
  }

  private static OpenDtmException formClosed(SubmissionXml.Instance instance) {
    return new OpenDtmException(
        SubmissionErrorCode.SUBMISSION_FORM_CLOSED,
        "The form "
            + instance.formId()
            + " is closed and no longer accepts submissions. Ask your supervisor.");
  }

  /**
   * Every submission names its form version; a burst names the same few. They are kept for {@link
   * #VERSION_CACHE_NANOS}, so closing a form takes at most that long to refuse submissions.
   */
  private Optional<FormVersion> cachedVersion(
      String operationCode, SubmissionXml.Instance instance) {
    List<String> key = Arrays.asList(operationCode, instance.formId(), instance.version());
    long now = System.nanoTime();
    CachedVersion cached = versions.get(key);
    if (cached != null && now - cached.loadedNanos() < VERSION_CACHE_NANOS) {
      return Optional.of(cached.version());
    }
    Optional<FormVersion> version =
        instance.version() == null
            ? forms.latest(operationCode, instance.formId())
            : forms.version(operationCode, instance.formId(), instance.version());
    if (versions.size() > 10_000) versions.clear();
    version.ifPresent(v -> versions.put(key, new CachedVersion(v, now)));
    return version;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
