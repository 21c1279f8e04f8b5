package org.opendtm.access;

import org.opendtm.platform.ErrorCode;
import org.springframework.http.HttpStatus;

public enum AccessErrorCode implements ErrorCode {
  NOT_ALLOWED(HttpStatus.FORBIDDEN, "Not allowed"),
  UNKNOWN_USER(HttpStatus.NOT_FOUND, "Unknown user"),
  WEAK_PASSWORD(HttpStatus.UNPROCESSABLE_ENTITY, "Weak password"),
  DUPLICATE_USER(HttpStatus.CONFLICT, "User exists");

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
