package org.opendtm.access.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import org.opendtm.access.AccessErrorCode;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends, at their next request, the sessions of an account disabled after they began (sessions begin
 * at sign-in: the session id and its creation time are renewed then). Runs right after the security
 * context is read from the session; a request carrying other credentials goes on to be signed in by
 * them (and refused if they belong to the disabled account).
 */
class SessionRevocationFilter extends OncePerRequestFilter {

  private final SessionRevocations revocations;

  SessionRevocationFilter(SessionRevocations revocations) {
    this.revocations = revocations;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (session != null
        && authentication != null
        && authentication.isAuthenticated()
        && revocations.isRevoked(
            authentication.getName(), Instant.ofEpochMilli(session.getCreationTime()))) {
      session.invalidate();
      SecurityContextHolder.clearContext();
      if (request.getHeader("Authorization") == null) {
        if (Problems.isApi(request)) {
          Problems.write(
              request,
              response,
              AccessErrorCode.SESSION_EXPIRED,
              "Your session has ended: the account was disabled.");
        } else {
          response.sendRedirect(request.getContextPath() + "/sign-in?expired");
        }
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
