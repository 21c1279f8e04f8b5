package org.opendtm.access.internal.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every write request to {@code /api/**}, every read of an operation's data ({@code GET
 * /api/v1/operations/**}: unpublished figures, locations, members) and every public download
 * ({@code /public/api/**}; DTM API reads are counted by {@link PublicApiReadCounter}) after it has
 * been answered: method, the path <em>pattern</em> (not the path), status, and the operation code
 * from the path. Never the body. The event is written just before the answer's first byte leaves
 * ({@link AuditedResponse}). Runs after the security filter chain, so the actor is known; a request
 * the security chain turns away without credentials never reaches a handler and is not a write
 * (failed sign-ins are recorded by {@link SignInAuditor}).
 */
class AuditRequestFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(AuditRequestFilter.class);
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final int MAX_QUERY_VALUE = 200;

  private final AuditLog audit;

  AuditRequestFilter(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = path(request);
    if (path.startsWith("/api/v1/operations/") && request.getMethod().equals("GET")) return false;
    if (path.startsWith("/api/")) return !WRITES.contains(request.getMethod());
    // /dtm/** reads are counted by PublicApiReadCounter, not recorded one by one
    return !path.startsWith("/public/api/") || !request.getMethod().equals("GET");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    AuditedResponse audited = new AuditedResponse(response, status -> record(request, status));
    boolean failed = true;
    try {
      chain.doFilter(request, audited);
      failed = false;
    } finally {
      if (failed && !audited.isCommitted()) audited.setStatus(500);
      audited.fire(); // an answer without a body (204, or an exception) is recorded here
    }
  }

  private void record(HttpServletRequest request, int status) {
    try {
      write(request, status);
    } catch (RuntimeException e) {
      // never turn a served request into an error because of the log; but say so loudly
      log.error("AUDIT EVENT LOST for {} {}: {}", request.getMethod(), path(request), e.toString());
    }
  }

  private void write(HttpServletRequest request, int status) {
    Object bestPattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    String pattern = bestPattern == null ? "(no endpoint)" : bestPattern.toString();
    String target = request.getMethod() + " " + pattern;
    Outcome outcome =
        status == 401 || status == 403
            ? Outcome.DENIED
            : status >= 400 ? Outcome.FAILURE : Outcome.SUCCESS;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", status);
    if (path(request).startsWith("/api/")) {
      String action = WRITES.contains(request.getMethod()) ? "api.write" : "api.read";
      audit.record(action, operation(request), target, outcome, details);
    } else {
      // the query of a public download: filters of published data, never personal data
      Map<String, String> query = new LinkedHashMap<>();
      request
          .getParameterMap()
          .forEach((name, values) -> query.put(truncate(name), truncate(String.join(",", values))));
      details.put("query", query);
      String operation = operation(request);
      if (operation != null) details.put("operation", operation);
      audit.recordPublicDownload(target, outcome, details);
    }
  }

  private static String operation(HttpServletRequest request) {
    Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    return variables instanceof Map<?, ?> map && map.get("operation") instanceof String code
        ? code
        : null;
  }

  private static String truncate(String value) {
    return value.length() <= MAX_QUERY_VALUE ? value : value.substring(0, MAX_QUERY_VALUE) + "…";
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }
}
