package org.opendtm.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opendtm.platform.ErrorCode;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem response: {@code type}, {@code title}, {@code
 * status}, {@code detail}, plus {@code code} (a stable error code) and, for bad input, {@code
 * errors} — one entry per row and field at fault.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
  private static final String TYPE_BASE = "https://opendtm.org/problems/";

  /** Builds the problem body for a code; usable by filters that answer outside MVC. */
  public static ProblemDetail problem(
      ErrorCode code, String detail, List<InputError> errors, long errorCount) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
    problem.setType(URI.create(TYPE_BASE + code.name().toLowerCase(Locale.ROOT).replace('_', '-')));
    problem.setTitle(code.title());
    problem.setProperty("code", code.name());
    if (!errors.isEmpty()) {
      problem.setProperty("errors", errors);
      problem.setProperty("errorCount", errorCount);
    }
    return problem;
  }

  @ExceptionHandler(OpenDtmException.class)
  ResponseEntity<ProblemDetail> openDtm(OpenDtmException e, HttpServletRequest request) {
    ProblemDetail problem = problem(e.code(), e.getMessage(), e.errors(), e.errorCount());
    e.properties().forEach(problem::setProperty);
    problem.setInstance(URI.create(request.getRequestURI()));
    return ResponseEntity.status(e.code().status()).body(problem);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(
      MethodArgumentTypeMismatchException e, HttpServletRequest request) {
    String value = e.getValue() == null ? null : String.valueOf(e.getValue());
    InputError error =
        new InputError(
            null,
            e.getName(),
            value,
            "expected "
                + (e.getRequiredType() == null
                    ? "another value"
                    : e.getRequiredType().getSimpleName()));
    return openDtm(
        new OpenDtmException(
            PlatformErrorCode.BAD_REQUEST,
            "Parameter " + e.getName() + " is malformed",
            List.of(error)),
        request);
  }

  @ExceptionHandler(AccessDeniedException.class)
  void accessDenied(AccessDeniedException e) {
    throw e; // left to Spring Security's entry point / access-denied handler
  }

  @ExceptionHandler(AuthenticationException.class)
  void authentication(AuthenticationException e) {
    throw e;
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
    return openDtm(
        new OpenDtmException(
            PlatformErrorCode.INTERNAL,
            "Something went wrong on our side; nothing of the request was stored. The error is in"
                + " the server log."),
        request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<InputError> errors = new ArrayList<>();
    e.getBindingResult()
        .getFieldErrors()
        .forEach(
            f ->
                errors.add(
                    new InputError(
                        null,
                        f.getField(),
                        f.getRejectedValue() == null ? null : String.valueOf(f.getRejectedValue()),
                        f.getDefaultMessage())));
    e.getBindingResult()
        .getGlobalErrors()
        .forEach(g -> errors.add(InputError.field(g.getObjectName(), g.getDefaultMessage())));
    ProblemDetail problem =
        problem(
            PlatformErrorCode.INVALID_INPUT,
            "The request has invalid fields",
            errors,
            errors.size());
    return ResponseEntity.status(problem.getStatus()).body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail = e.getMostSpecificCause().getMessage();
    if (detail != null && detail.length() > 300) detail = detail.substring(0, 300) + "…";
    ProblemDetail problem =
        problem(
            PlatformErrorCode.BAD_REQUEST,
            "The request body is not valid JSON of the expected shape: " + detail,
            List.of(),
            0);
    return ResponseEntity.status(problem.getStatus()).body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestPart(
      MissingServletRequestPartException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem =
        problem(
            PlatformErrorCode.BAD_REQUEST,
            "The multipart field '" + e.getRequestPartName() + "' is missing",
            List.of(InputError.field(e.getRequestPartName(), "required")),
            1);
    return ResponseEntity.status(problem.getStatus()).body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem =
        problem(
            PlatformErrorCode.BAD_REQUEST,
            "The parameter '" + e.getParameterName() + "' is missing",
            List.of(InputError.field(e.getParameterName(), "required")),
            1);
    return ResponseEntity.status(problem.getStatus()).body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
      MaxUploadSizeExceededException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem =
        problem(
            PlatformErrorCode.FILE_TOO_LARGE,
            "The upload is larger than this server accepts (" + e.getMaxUploadSize() + " bytes)",
            List.of(),
            0);
    return ResponseEntity.status(problem.getStatus()).body(problem);
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
      problem.setProperty("code", codeFor(statusCode.value()));
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 406 -> "NOT_ACCEPTABLE";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      default -> status >= 500 ? "INTERNAL" : "BAD_REQUEST";
    };
  }
}
