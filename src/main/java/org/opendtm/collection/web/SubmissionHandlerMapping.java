package org.opendtm.collection.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.opendtm.access.AccessPolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.util.UriUtils;

/**
 * A fast path to {@link OpenRosaController}'s {@code POST} and {@code HEAD …/submission}, the
 * platform's busiest endpoint: Spring MVC's annotation mapping compares every request with each of
 * the platform's ~250 mappings in turn, and does it twice per request (once more for Spring
 * Security's handler introspection); this mapping, consulted first, recognises the two submission
 * paths by their segments and answers with the same handler method, path variables and best
 * matching pattern as the annotation mapping would, so argument resolution, the controller's
 * exception handlers and the access check ({@link AccessPolicy#interceptor()}, first in the chain)
 * behave exactly as on the annotated route. Any other request falls through to Spring MVC (a prefix
 * test).
 */
@Component
@ConditionalOnWebApplication
class SubmissionHandlerMapping extends AbstractHandlerMapping {

  static final String PATTERN = "/openrosa/{operation}/submission";
  static final String TOKEN_PATTERN = "/openrosa/{operation}/key/{token}/submission";
  private static final String PREFIX = "/openrosa/";
  private static final String SUFFIX = "/submission";

  private final HandlerMethod submit;
  private final HandlerMethod head;

  @Autowired
  SubmissionHandlerMapping(OpenRosaController controller, AccessPolicy access) {
    this(controller, access.interceptor());
  }

  /** With the access check given (tests). */
  SubmissionHandlerMapping(OpenRosaController controller, HandlerInterceptor accessCheck) {
    try {
      this.submit =
          new HandlerMethod(
              controller,
              OpenRosaController.class.getDeclaredMethod(
                  "submit", String.class, String.class, HttpServletRequest.class));
      this.head =
          new HandlerMethod(
              controller,
              OpenRosaController.class.getDeclaredMethod("submissionHead", String.class));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("OpenRosaController's submission handlers moved", e);
    }
    setOrder(Ordered.HIGHEST_PRECEDENCE);
    setInterceptors(accessCheck);
  }

  @Override
  protected Object getHandlerInternal(HttpServletRequest request) {
    String method = request.getMethod();
    boolean post = "POST".equals(method);
    if (!post && !"HEAD".equals(method)) return null;
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.length() <= PREFIX.length() + SUFFIX.length()
        || !path.startsWith(PREFIX)
        || !path.endsWith(SUFFIX)) {
      return null;
    }
    // the segments between /openrosa/ and /submission: {operation} or {operation}/key/{token}
    String middle = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    String[] segments = middle.split("/", -1);
    Map<String, String> variables;
    String pattern;
    if (segments.length == 1 && usable(segments[0])) {
      variables = Map.of("operation", decode(segments[0]));
      pattern = PATTERN;
    } else if (segments.length == 3
        && usable(segments[0])
        && "key".equals(segments[1])
        && usable(segments[2])) {
      variables = Map.of("operation", decode(segments[0]), "token", decode(segments[2]));
      pattern = TOKEN_PATTERN;
    } else {
      return null;
    }
    // what RequestMappingInfoHandlerMapping.handleMatch records for the annotated route
    request.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, post ? submit : head);
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
    request.setAttribute(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE, path);
    request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, variables);
    return post ? submit : head;
  }

  /** A segment the annotated pattern's variable would match: not empty, no matrix parameters. */
  private static boolean usable(String segment) {
    return !segment.isEmpty() && segment.indexOf(';') < 0;
  }

  private static String decode(String segment) {
    return UriUtils.decode(segment, StandardCharsets.UTF_8);
  }
}
