package org.opendtm.access.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.opendtm.access.AccessErrorCode;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request over its rate limit with 429 and {@code Retry-After} before anything else runs
 * — before sign-in and before the handler — so a refused request has cost nothing and changed
 * nothing. The DTM-compatible API answers in its own envelope, everything else with a problem.
 */
class RateLimitFilter extends OncePerRequestFilter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RateLimiter limiter;

  RateLimitFilter(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Duration wait = limiter.check(request);
    if (wait.isZero()) {
      chain.doFilter(request, response);
      return;
    }
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    response.setHeader("Retry-After", Long.toString(seconds));
    String detail =
        "Too many requests from your address (or failed sign-ins for this account); retry after "
            + seconds
            + " seconds.";
    if (Problems.path(request).startsWith("/dtm/")) {
      response.setStatus(429);
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      try (JsonGenerator out = JSON.getFactory().createGenerator(response.getOutputStream())) {
        out.writeStartObject();
        out.writeArrayFieldStart("result");
        out.writeEndArray();
        out.writeNumberField("statusCode", 429);
        out.writeBooleanField("isSuccess", false);
        out.writeArrayFieldStart("errorMessages");
        out.writeString(detail);
        out.writeEndArray();
        out.writeNumberField("totalRecordsCount", 0);
        out.writeEndObject();
      }
    } else {
      Problems.write(request, response, AccessErrorCode.RATE_LIMITED, detail);
    }
  }
}
