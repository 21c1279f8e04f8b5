package org.opendtm.access.internal.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.opendtm.access.AuditEntry.ActorKind;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.AuditLog;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the reads of the public DTM-compatible API ({@code /dtm/**}) in memory and writes one
 * {@code public.read} audit event per distinct request per flush (every minute, and at shutdown)
 * with its count. The API answers thousands of requests a second, most from its response cache
 * ahead of the security chain; an INSERT per request would cost more than the answer. The data is
 * public and published, so a count per query and minute is the record that matters. Runs first, so
 * cached answers and refusals are counted too.
 */
public class PublicApiReadCounter extends OncePerRequestFilter {

  static final int MAX_KEYS = 10_000;
  private static final int MAX_QUERY = 300;

  private final AuditLog audit;
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder overflow = new LongAdder();

  PublicApiReadCounter(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith(request.getContextPath() + "/dtm/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      count(request, response.getStatus());
    }
  }

  void count(HttpServletRequest request, int status) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String query = request.getQueryString();
    if (query != null && query.length() > MAX_QUERY) query = query.substring(0, MAX_QUERY) + "…";
    String key = status + " " + path + (query == null ? "" : "?" + query);
    LongAdder counter = counts.get(key);
    if (counter == null) {
      if (counts.size() >= MAX_KEYS) {
        overflow.increment(); // a flood of distinct queries is counted, not itemised
        return;
      }
      counter = counts.computeIfAbsent(key, k -> new LongAdder());
    }
    counter.increment();
  }

  /** Writes the counts gathered since the last flush. */
  public void flush() {
    for (Map.Entry<String, LongAdder> entry : counts.entrySet()) {
      long n = entry.getValue().sumThenReset();
      if (n == 0) {
        counts.remove(entry.getKey(), entry.getValue());
        continue;
      }
      String key = entry.getKey();
      int space = key.indexOf(' ');
      int status = Integer.parseInt(key.substring(0, space));
      audit.recordAs(
          "public",
          ActorKind.ANONYMOUS,
          "public.read",
          null,
          "GET " + key.substring(space + 1),
          status >= 400 ? Outcome.FAILURE : Outcome.SUCCESS,
          Map.of("requests", n, "status", status));
    }
    long lost = overflow.sumThenReset();
    if (lost > 0) {
      audit.recordAs(
          "public",
          ActorKind.ANONYMOUS,
          "public.read",
          null,
          "GET /dtm/** (other queries)",
          Outcome.SUCCESS,
          Map.of("requests", lost));
    }
  }
}
