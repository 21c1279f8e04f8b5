package org.opendtm.access.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.opendtm.access.AccessErrorCode;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends sessions 12 hours (configurable) after they began, however active: the servlet container
 * only knows the idle timeout. Runs before the security context is read from the session. An API
 * caller whose session expired — by age or idleness — and who sends no other credentials gets a 401
 * problem {@code SESSION_EXPIRED}; a browser is sent to the login page.
 */
class SessionTimeoutFilter extends OncePerRequestFilter {

  private final Duration absoluteTimeout;
  private final Clock clock;

  SessionTimeoutFilter(Duration absoluteTimeout, Clock clock) {
    this.absoluteTimeout = absoluteTimeout;
    this.clock = clock;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean expired = false;
    HttpSession session = request.getSession(false);
    if (session != null) {
      Instant began = Instant.ofEpochMilli(session.getCreationTime());
      if (!clock.instant().isBefore(began.plus(absoluteTimeout))) {
        session.invalidate();
        expired = true;
      }
    } else if (request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid()) {
      expired = true; // idle timeout (or a session of a previous run)
    }
    String path = Problems.path(request);
    boolean open =
        path.startsWith("/dtm/")
            || path.startsWith("/public/")
            || path.equals("/login")
            || path.equals("/sign-in")
            || path.equals("/");
    if (expired && !open && request.getHeader("Authorization") == null) {
      if (Problems.isApi(request)) {
        Problems.write(
            request,
            response,
            AccessErrorCode.SESSION_EXPIRED,
            "Your session has expired (after 30 minutes without activity, or "
                + absoluteTimeout.toHours()
                + " hours after signing in); sign in again.");
      } else {
        response.sendRedirect(request.getContextPath() + "/sign-in?expired");
      }
      return;
    }
    chain.doFilter(request, response);
  }
}
