package org.opendtm.ui.web;

import org.opendtm.platform.OpenDtmException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of the web pages as pages (the APIs answer problem JSON): 403, 404 and bad parameters
 * keep their status and show the problem's sentence inside the layout. Runs before the platform's
 * problem handler, for this module's controllers only; also for refusals of the access interceptor,
 * which Spring resolves against the handler they were meant for.
 */
@ControllerAdvice(basePackages = "org.opendtm.ui")
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

  @ExceptionHandler(OpenDtmException.class)
  ModelAndView problem(OpenDtmException e) {
    return page(HttpStatus.valueOf(e.code().status().value()), e.getMessage(), e.code().name());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ModelAndView badParameter(MethodArgumentTypeMismatchException e) {
    return page(
        HttpStatus.BAD_REQUEST, "Parameter " + e.getName() + " is malformed", "BAD_REQUEST");
  }

  /** The statuses with their own title and help in the bundles; others show {@code error.other}. */
  private static final java.util.Set<Integer> TITLED =
      java.util.Set.of(400, 401, 403, 404, 409, 422, 500);

  static ModelAndView page(HttpStatus status, String detail, String code) {
    ModelAndView page = new ModelAndView("problem");
    page.setStatus(status);
    page.addObject("status", TITLED.contains(status.value()) ? status.value() : "other");
    page.addObject("detail", detail);
    page.addObject("code", code);
    return page;
  }
}
