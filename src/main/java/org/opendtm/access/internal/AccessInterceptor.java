package org.opendtm.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.opendtm.access.AccessErrorCode;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.EndpointPolicy;
import org.opendtm.platform.OpenDtmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Checks every handler's declared access policy before it runs: the one place where endpoints are
 * guarded. A handler without a policy is refused (fail closed) with a clear log line, so that an
 * endpoint added without thinking about access never serves data.
 */
public class AccessInterceptor implements HandlerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(AccessInterceptor.class);

  private final AccessPolicy access;

  public AccessInterceptor(AccessPolicy access) {
    this.access = access;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    // static resources and the like: the security filter chain decides on them
    if (!(handler instanceof HandlerMethod method)) return true;
    EndpointPolicy policy =
        EndpointPolicy.of(method.getBeanType(), method.getMethod())
            .orElseThrow(() -> missingPolicy(request, method));
    switch (policy.kind()) {
      case PUBLIC -> {}
      case SIGNED_IN -> requireSignedIn();
      case PLATFORM_ADMIN -> {
        requireSignedIn();
        access.requirePlatformAdmin();
      }
      case RIGHT -> {
        requireSignedIn();
        if (policy.inAnyOperation()) {
          if (!access.holdsInAnyOperation(policy.right())) {
            throw new OpenDtmException(
                AccessErrorCode.NOT_ALLOWED,
                "You need the right " + policy.right() + " in at least one operation for this.");
          }
        } else {
          access.require(operation(request, method, policy), policy.right());
        }
      }
    }
    return true;
  }

  private void requireSignedIn() {
    // The filter chain already asks for a login outside the public prefixes; this is the second
    // lock, and Spring Security's entry point turns the exception into a 401.
    if (!access.isSignedIn()) throw new InsufficientAuthenticationException("Sign in first");
  }

  private static String operation(
      HttpServletRequest request, HandlerMethod method, EndpointPolicy policy) {
    @SuppressWarnings("unchecked")
    Map<String, String> variables =
        (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    String operation = variables == null ? null : variables.get(policy.operationVariable());
    if (operation == null) {
      log.error(
          "ACCESS POLICY MISCONFIGURED: {} needs the operation from path variable {{}}, which {} {}"
              + " does not have; request refused",
          method.getShortLogMessage(),
          policy.operationVariable(),
          request.getMethod(),
          request.getRequestURI());
      throw new OpenDtmException(
          AccessErrorCode.NO_ACCESS_POLICY,
          "This endpoint's access policy names no operation; it is refused until it is fixed.");
    }
    return operation;
  }

  private static OpenDtmException missingPolicy(HttpServletRequest request, HandlerMethod method) {
    log.error(
        "NO ACCESS POLICY on {} ({} {}): request refused. Annotate the handler with @Allow,"
            + " @AnySignedIn, @PlatformAdminOnly or @PublicPublishedData.",
        method.getShortLogMessage(),
        request.getMethod(),
        request.getRequestURI());
    return new OpenDtmException(
        AccessErrorCode.NO_ACCESS_POLICY,
        "This endpoint has no access policy and is refused until it gets one.");
  }
}
