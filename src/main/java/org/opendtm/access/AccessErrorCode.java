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
  /** Not signed in, or the credentials are wrong, or the account must wait: never which. */
  UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Sign in"),
  SESSION_EXPIRED(HttpStatus.UNAUTHORIZED, "Session expired"),
  WRONG_PASSWORD(HttpStatus.UNPROCESSABLE_ENTITY, "Wrong current password"),
  /** API tokens cannot manage credentials (change the password, create tokens). */
  TOKEN_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Not with an API token"),
  UNKNOWN_TOKEN(HttpStatus.NOT_FOUND, "Unknown API token"),
  UNKNOWN_AGREEMENT(HttpStatus.NOT_FOUND, "Unknown data-sharing agreement"),
  RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
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
