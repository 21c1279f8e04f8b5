package org.opendtm.collection;

import org.opendtm.platform.ErrorCode;
import org.springframework.http.HttpStatus;

/** The problems of the collection module, each with its HTTP status. */
public enum CollectionErrorCode implements ErrorCode {
  INVALID_XLSFORM(HttpStatus.BAD_REQUEST, "Invalid XLSForm"),
  FORM_NOT_FOUND(HttpStatus.NOT_FOUND, "Form not found"),
  FORM_VERSION_NOT_FOUND(HttpStatus.NOT_FOUND, "Form version not found"),
  FORM_VERSION_EXISTS(HttpStatus.CONFLICT, "Form version exists"),
  INVALID_BINDING(HttpStatus.BAD_REQUEST, "Invalid form binding"),
  BINDING_NOT_FOUND(HttpStatus.NOT_FOUND, "Form binding not found"),
  INVALID_SUBMISSION_IMPORT(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid submission import"),
  KOBO_UNAVAILABLE(HttpStatus.BAD_GATEWAY, "KoboToolbox unavailable"),
  CENTRAL_UNAVAILABLE(HttpStatus.BAD_GATEWAY, "ODK Central unavailable"),
  INVALID_ASSIGNMENTS(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid place assignments");

  private final HttpStatus status;
  private final String title;

  CollectionErrorCode(HttpStatus status, String title) {
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
