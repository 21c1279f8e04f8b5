package org.opendtm.access;

import org.opendtm.platform.ErrorCode;
import org.springframework.http.HttpStatus;

public enum AccessErrorCode implements ErrorCode {
  NOT_ALLOWED(HttpStatus.FORBIDDEN, "Not allowed"),
  UNKNOWN_USER(HttpStatus.NOT_FOUND, "Unknown user"),
  UNKNOWN_OPERATION(HttpStatus.NOT_FOUND, "Unknown operation"),
  WEAK_PASSWORD(HttpStatus.UNPROCESSABLE_ENTITY, "Weak password"),
  INVALID_INPUT(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid input"),
  DUPLICATE_USER(HttpStatus.CONFLICT, "User exists"),
  /** An endpoint without an access annotation: refused, so that forgetting one fails closed. */
  NO_ACCESS_POLICY(HttpStatus.INTERNAL_SERVER_ERROR, "Endpoint without access policy");

  private final HttpStatus status;
  private final String title;

  AccessErrorCode(HttpStatus status, String title) {
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
