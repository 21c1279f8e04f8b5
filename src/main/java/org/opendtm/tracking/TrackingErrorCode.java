package org.opendtm.tracking;

import org.opendtm.platform.ErrorCode;
import org.springframework.http.HttpStatus;

/** Problems of rounds, imports and review. */
public enum TrackingErrorCode implements ErrorCode {
  ROUND_NOT_FOUND(HttpStatus.NOT_FOUND, "Round not found"),
  ROUND_EXISTS(HttpStatus.CONFLICT, "Round exists"),
  ROUND_STATE(HttpStatus.CONFLICT, "Round is not in a state that allows this"),
  INVALID_ROUND(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid round"),
  INVALID_ASSESSMENT_FILE(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid assessment file"),
  INVALID_FIGURES(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid figures"),
  ASSESSMENT_NOT_FOUND(HttpStatus.NOT_FOUND, "Assessment not found"),
  FLAG_NOT_FOUND(HttpStatus.NOT_FOUND, "Validation flag not found"),
  ERROR_NOT_JUSTIFIABLE(
      HttpStatus.CONFLICT, "Errors cannot be justified; fix the data that raises them"),
  OPEN_FLAGS(HttpStatus.CONFLICT, "Open validation flags block publishing"),
  MAPPING_NOT_FOUND(HttpStatus.NOT_FOUND, "Column mapping not found"),
  INVALID_MAPPING(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid column mapping");

  private final HttpStatus status;
  private final String title;

  TrackingErrorCode(HttpStatus status, String title) {
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
