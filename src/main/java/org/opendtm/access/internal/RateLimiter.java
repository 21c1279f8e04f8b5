package org.opendtm.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;

/**
 * The rate limits of {@link RateLimitProperties}: which bucket a request draws from and how long it
 * must wait. Sign-in buckets are drawn by failed sign-ins only (a caller with valid credentials is
 * never slowed, however many requests its HTTP Basic client makes), and an empty one refuses every
 * further attempt — right or wrong — until it refills: per client address and per user name,
 * whether or not the account exists.
 */
@Component
class RateLimiter {

  /** Beyond this many buckets, full ones (idle clients) are dropped. */
  private static final int MAX_BUCKETS = 100_000;

  private final RateLimitProperties settings;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final AntPathMatcher matcher = new AntPathMatcher();
  private final LongSupplier nanoTime;

  RateLimiter(RateLimitProperties settings) {
    this.settings = settings;
    this.nanoTime = System::nanoTime;
  }

  boolean enabled() {
    return settings.enabled();
  }

  /**
   * How long the request must wait, {@link Duration#ZERO} when it may go on (a request limit's
   * token is then taken). Sign-in attempts are checked, not charged.
   */
  Duration check(HttpServletRequest request) {
    if (!settings.enabled()) return Duration.ZERO;
    long now = nanoTime.getAsLong();
    String ip = request.getRemoteAddr();
    String path = Problems.path(request);
    for (Map.Entry<String, RateLimitProperties.PathLimit> limit : settings.paths().entrySet()) {
      List<String> patterns = limit.getValue().patterns();
      if (patterns != null && patterns.stream().anyMatch(p -> matcher.match(p, path))) {
        long wait =
            bucket(
                    "path:" + limit.getKey() + ":" + ip,
                    limit.getValue().capacity(),
                    limit.getValue().per(),
                    now)
                .take(now);
        if (wait > 0) return Duration.ofNanos(wait);
        break;
      }
    }
    String username = signInName(request);
    if (username == null && !isTokenAttempt(request)) return Duration.ZERO;
    long wait = ipBucket(ip, now).peek(now);
    if (username != null) wait = Math.max(wait, accountBucket(username, now).peek(now));
    return Duration.ofNanos(wait);
  }

  /** A failed sign-in (password, form or token) drains the client's and the account's bucket. */
  @EventListener
  void failed(AbstractAuthenticationFailureEvent event) {
    if (!settings.enabled()) return;
    long now = nanoTime.getAsLong();
    Object details = event.getAuthentication().getDetails();
    if (details instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null) {
      ipBucket(web.getRemoteAddress(), now).drain(now);
    }
    if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt
        && attempt.getName() != null) {
      accountBucket(attempt.getName(), now).drain(now);
    }
  }

  private TokenBucket ipBucket(String ip, long now) {
    RateLimitProperties.Limit limit = settings.signInPerIp();
    return bucket("sign-in-ip:" + ip, limit.capacity(), limit.per(), now);
  }

  private TokenBucket accountBucket(String username, long now) {
    RateLimitProperties.Limit limit = settings.signInPerAccount();
    return bucket(
        "sign-in-account:" + username.toLowerCase(Locale.ROOT), limit.capacity(), limit.per(), now);
  }

  private TokenBucket bucket(String key, long capacity, Duration per, long now) {
    TokenBucket bucket = buckets.get(key);
    if (bucket != null) return bucket;
    if (buckets.size() >= MAX_BUCKETS) buckets.values().removeIf(b -> b.isFull(now));
    return buckets.computeIfAbsent(key, k -> new TokenBucket(capacity, per.toNanos(), now));
  }

  /** The user name of a password sign-in attempt: HTTP Basic, or the login form. */
  private static String signInName(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? decoded : decoded.substring(0, colon);
      } catch (IllegalArgumentException malformed) {
        return "";
      }
    }
    if ("POST".equals(request.getMethod()) && "/login".equals(Problems.path(request))) {
      String username = request.getParameter("username");
      return username == null ? "" : username;
    }
    return null;
  }

  private static boolean isTokenAttempt(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
  }
}
