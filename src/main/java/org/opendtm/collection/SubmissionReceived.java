package org.opendtm.collection;

/**
 * A new submission was stored and committed (published after the commit, once per instanceID:
 * retries of the same submission publish nothing). Listeners bind it to the operation's open round.
 *
 * @param operationCode the operation the submission was sent to
 * @param formId the form's id (XLSForm {@code form_id})
 * @param version the form version the submission was filled with
 * @param instanceId the submission's {@code meta/instanceID}, unique in the operation
 * @param submissionId the stored submission's id
 */
public record SubmissionReceived(
    String operationCode, String formId, String version, String instanceId, long submissionId) {}
