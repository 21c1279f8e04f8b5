package org.opendtm.geography;

import org.opendtm.platform.ErrorCode;
import org.springframework.http.HttpStatus;

public enum GeographyErrorCode implements ErrorCode {
  OPERATION_NOT_FOUND(HttpStatus.NOT_FOUND, "Operation not found"),
  OPERATION_EXISTS(HttpStatus.CONFLICT, "Operation exists"),
  UNKNOWN_COUNTRY(HttpStatus.UNPROCESSABLE_ENTITY, "Unknown country"),
  ADMIN_UNIT_NOT_FOUND(HttpStatus.NOT_FOUND, "Admin unit not found"),
  LOCATION_NOT_FOUND(HttpStatus.NOT_FOUND, "Location not found"),
  INVALID_GEOGRAPHY_FILE(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid geography file"),
  INVALID_CROSSWALK(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid crosswalk"),
  INVALID_SETTINGS(HttpStatus.BAD_REQUEST, "Invalid operation settings");

  private final HttpStatus status;
  private final String title;

  GeographyErrorCode(HttpStatus status, String title) {
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
