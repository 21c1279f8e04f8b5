package org.opendtm.access.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in requests carrying {@code Authorization: Bearer odt_…}: per request, never in a session.
 * A bad, expired or revoked token gets the APIs' 401 at once and counts against the client's
 * sign-in rate limit. Success and failure are published like password sign-ins, for the audit log.
 */
class ApiTokenFilter extends OncePerRequestFilter {

  /** The failed attempt as reported in the failure event: the token's first characters only. */
  static final class FailedToken extends AbstractAuthenticationToken {
    private final String hint;

    FailedToken(String hint, HttpServletRequest request) {
      super(List.of());
      this.hint = hint;
      setDetails(new WebAuthenticationDetails(request));
    }

    @Override
    public Object getCredentials() {
      return null;
    }

    @Override
    public Object getPrincipal() {
      return "api-token " + hint;
    }
  }

  private final ApiTokens tokens;
  private final AuthenticationEventPublisher events;
  private final AuthenticationEntryPoint entryPoint;
  private final Clock clock;

  ApiTokenFilter(
      ApiTokens tokens,
      AuthenticationEventPublisher events,
      AuthenticationEntryPoint entryPoint,
      Clock clock) {
    this.tokens = tokens;
    this.events = events;
    this.entryPoint = entryPoint;
    this.clock = clock;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      chain.doFilter(request, response);
      return;
    }
    String token = header.substring(7).strip();
    Optional<ApiTokenAuthentication> authentication = tokens.authenticate(token, clock.instant());
    if (authentication.isEmpty()) {
      BadCredentialsException failure =
          new BadCredentialsException("Unknown, expired or revoked API token");
      String hint = token.length() > 8 ? token.substring(0, 8) : "?";
      events.publishAuthenticationFailure(failure, new FailedToken(hint, request));
      SecurityContextHolder.clearContext();
      entryPoint.commence(request, response, failure);
      return;
    }
    tokens.recordUse(authentication.get().tokenId(), clock.instant());
    authentication.get().setDetails(new WebAuthenticationDetails(request));
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(authentication.get());
    SecurityContextHolder.setContext(context);
    events.publishAuthenticationSuccess(authentication.get());
    chain.doFilter(request, response);
  }
}
