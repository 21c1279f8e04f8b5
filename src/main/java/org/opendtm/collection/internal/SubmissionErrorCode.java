package org.opendtm.collection.internal;

import org.opendtm.platform.ErrorCode;
import org.springframework.http.HttpStatus;

/** What can go wrong with OpenRosa requests, submissions and enumerators' collect credentials. */
public enum SubmissionErrorCode implements ErrorCode {
  SUBMISSION_MALFORMED(HttpStatus.BAD_REQUEST, "Malformed submission"),
  SUBMISSION_UNKNOWN_FORM(HttpStatus.BAD_REQUEST, "Unknown form or form version"),
  SUBMISSION_FORM_CLOSED(HttpStatus.CONFLICT, "Form closed"),
  /** The instanceID was received before with other content. */
  SUBMISSION_CONFLICT(HttpStatus.CONFLICT, "Different submission with the same instanceID"),
  SUBMISSION_DELETED(HttpStatus.GONE, "Submission deleted"),
  SUBMISSION_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "Submission too large"),
  SUBMISSION_LENGTH_REQUIRED(HttpStatus.LENGTH_REQUIRED, "Content-Length required"),
  SUBMISSION_NOT_FOUND(HttpStatus.NOT_FOUND, "Unknown submission"),
  SUBMISSION_ATTACHMENT_NOT_FOUND(HttpStatus.NOT_FOUND, "Unknown attachment"),
  OPENROSA_FORM_NOT_FOUND(HttpStatus.NOT_FOUND, "Unknown form"),
  ENUMERATOR_INVALID(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid enumerator"),
  ENUMERATOR_NOT_FOUND(HttpStatus.NOT_FOUND, "Unknown enumerator");

  private final HttpStatus status;
  private final String title;

  SubmissionErrorCode(HttpStatus status, String title) {
    this.status = status;
    this.title = title;
  }

  @Override
  public HttpStatus status() {
    return status;
  }

  @Override
  public String title() {
    return title;
  }
}
