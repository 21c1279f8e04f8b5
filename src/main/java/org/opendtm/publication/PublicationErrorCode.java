package org.opendtm.publication;

import org.opendtm.platform.ErrorCode;
import org.springframework.http.HttpStatus;

/** Problems the publication module reports. */
public enum PublicationErrorCode implements ErrorCode {
  ROUND_NOT_PUBLISHED(HttpStatus.NOT_FOUND, "Round not published"),
  REVISION_NOT_FOUND(HttpStatus.NOT_FOUND, "Revision not found"),
  NOTHING_PUBLISHED(HttpStatus.NOT_FOUND, "Nothing published"),
  INVALID_QUERY(HttpStatus.BAD_REQUEST, "Invalid query"),
  /** The caller sees the public view of the figures and asked for more than it shows. */
  FULL_FIGURES_REQUIRED(HttpStatus.FORBIDDEN, "Full figures required"),
  INVALID_MICRODATA(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid microdata file or options"),
  MICRODATA_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "Microdata file too large"),
  /** The file does not reach k ≥ 3 and a global risk below 3 % even after protection. */
  MICRODATA_BLOCKED(HttpStatus.UNPROCESSABLE_ENTITY, "Microdata release blocked");

  private final HttpStatus status;
  private final String title;

  PublicationErrorCode(HttpStatus status, String title) {
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
