package org.opendtm.platform;

import org.springframework.http.HttpStatus;

/** Errors that belong to no single module. */
public enum PlatformErrorCode implements ErrorCode {
  BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
  INVALID_INPUT(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid input"),
  UNREADABLE_FILE(HttpStatus.BAD_REQUEST, "Unreadable file"),
  FILE_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "File too large"),
  UNSUPPORTED_FORMAT(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported format"),
  NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
  FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
  CONFLICT(HttpStatus.CONFLICT, "Conflict"),
  INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

  private final HttpStatus status;
  private final String title;

  PlatformErrorCode(HttpStatus status, String title) {
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
