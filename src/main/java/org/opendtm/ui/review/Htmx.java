package org.opendtm.ui.review;

import jakarta.servlet.http.HttpServletRequest;

/** Whether a request came from htmx (and wants a fragment rather than a page). */
final class Htmx {

  private Htmx() {}

  static boolean isHtmx(HttpServletRequest request) {
    return "true".equals(request.getHeader("HX-Request"));
  }
}
