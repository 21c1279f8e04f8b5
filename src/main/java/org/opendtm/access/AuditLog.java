package org.opendtm.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.opendtm.access.AuditEntry.ActorKind;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.internal.audit.AuditEvents;
import org.opendtm.access.internal.audit.AuditEvents.NewEvent;
import org.opendtm.platform.OpenDtmException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The append-only audit log: who did what, when, from where. Every module records its
 * security-relevant acts here ({@link #record}); sign-ins, writes through the API and public
 * downloads are recorded by the access module itself. An event never holds personal data: no
 * request bodies, no passwords, no field values — user names, codes, counts and filters only.
 *
 * <p>Each event is written at once in a transaction of its own, so it is kept even when the
 * caller's transaction rolls back. The database refuses to update or delete events.
 */
@Service
public class AuditLog {

  /** The largest page of a search. */
  public static final int MAX_PAGE_SIZE = 500;

  private static final Pattern PLAUSIBLE_USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,80}");

  private final AuditEvents events;
  private final AccessPolicy access;

  AuditLog(AuditEvents events, AccessPolicy access) {
    this.events = events;
    this.access = access;
  }

  /**
   * Records an act of the current caller (the signed-in user, {@code anonymous}, or {@code system}
   * outside any request), with the request's remote address and user agent.
   *
   * @param action what was done, dotted and lower case, e.g. {@code role.grant}
   * @param operationCode the operation it concerns, or {@code null}
   * @param target what it was done to (a user name, a round, a dataset), never personal data
   * @param details counts, codes, filters: never personal data
   */
  public void record(
      String action, String operationCode, String target, Outcome outcome, Map<String, ?> details) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    HttpServletRequest request = currentRequest();
    String actor;
    ActorKind kind;
    if (authentication != null
        && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken)) {
      actor = authentication.getName();
      kind = ActorKind.USER;
    } else if (request != null) {
      actor = "anonymous";
      kind = ActorKind.ANONYMOUS;
    } else {
      actor = "system";
      kind = ActorKind.SYSTEM;
    }
    recordAs(actor, kind, action, operationCode, target, outcome, details);
  }

  /**
   * Records an act of a named actor, e.g. a sign-in attempt, whose user is not yet the caller. A
   * name that cannot be a user name (a password typed in the wrong field, say) is not written.
   */
  public void recordAs(
      String actor,
      ActorKind actorKind,
      String action,
      String operationCode,
      String target,
      Outcome outcome,
      Map<String, ?> details) {
    events.insert(event(actor, actorKind, action, operationCode, target, outcome, details), true);
  }

  /**
   * Records a download of public, published data: like {@link #record}, but its commit does not
   * wait for the disk (public APIs are called often; losing the last milliseconds of download
   * counts in a power cut is acceptable, slowing every public call down is not).
   */
  public void recordPublicDownload(String target, Outcome outcome, Map<String, ?> details) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    boolean signedIn =
        authentication != null
            && authentication.isAuthenticated()
            && !(authentication instanceof AnonymousAuthenticationToken);
    events.insert(
        event(
            signedIn ? authentication.getName() : "anonymous",
            signedIn ? ActorKind.USER : ActorKind.ANONYMOUS,
            "public.download",
            null,
            target,
            outcome,
            details),
        false);
  }

  /**
   * The events the caller may read, newest first: all of them for platform administrators, those of
   * the operations where the caller holds {@link Right#READ_AUDIT} for others. The search itself is
   * recorded.
   *
   * @throws OpenDtmException 403 when the query names an operation the caller may not audit
   */
  public AuditPage search(AuditQuery query, int page, int size) {
    Set<String> scope = readableOperations(query);
    int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
    int pageNumber = Math.max(0, page);
    List<AuditEntry> items = events.search(query, scope, pageNumber, pageSize);
    long total = events.count(query, scope);
    record(
        "audit.search",
        query.operation(),
        "audit log",
        Outcome.SUCCESS,
        withCount(describe(query), "rows", items.size()));
    return new AuditPage(items, pageNumber, pageSize, total);
  }

  /**
   * Streams every event the caller may read (see {@link #search}) to {@code sink}, oldest first,
   * without holding them in memory; the export is recorded with its row count.
   */
  public long export(AuditQuery query, Consumer<AuditEntry> sink) {
    Set<String> scope = readableOperations(query);
    long rows;
    try {
      rows = events.stream(query, scope, sink);
    } catch (RuntimeException e) {
      record("audit.export", query.operation(), "audit log", Outcome.FAILURE, describe(query));
      throw e;
    }
    record(
        "audit.export",
        query.operation(),
        "audit log",
        Outcome.SUCCESS,
        withCount(describe(query), "rows", rows));
    return rows;
  }

  /** {@code null} for "every event" (platform admins), otherwise the operations to show. */
  private Set<String> readableOperations(AuditQuery query) {
    if (access.isPlatformAdmin()) return null;
    Set<String> operations = new TreeSet<>();
    access
        .rolesOfCurrentUser()
        .forEach(
            (operation, roles) -> {
              if (Right.READ_AUDIT.holders().stream().anyMatch(roles::contains)) {
                operations.add(operation);
              }
            });
    if (query.operation() != null && !operations.contains(query.operation())) {
      record("audit.search", query.operation(), "audit log", Outcome.DENIED, describe(query));
      throw new OpenDtmException(
          AccessErrorCode.NOT_ALLOWED,
          "You need the right READ_AUDIT in operation " + query.operation() + " for this.");
    }
    return operations;
  }

  private static Map<String, Object> describe(AuditQuery query) {
    Map<String, Object> filters = new LinkedHashMap<>();
    if (query.from() != null) filters.put("from", query.from().toString());
    if (query.to() != null) filters.put("to", query.to().toString());
    if (query.actor() != null) filters.put("actor", query.actor());
    if (query.operation() != null) filters.put("operation", query.operation());
    if (query.action() != null) filters.put("action", query.action());
    if (query.outcome() != null) filters.put("outcome", query.outcome().name());
    return filters;
  }

  private static Map<String, Object> withCount(Map<String, Object> details, String key, long n) {
    details.put(key, n);
    return details;
  }

  private static NewEvent event(
      String actor,
      ActorKind kind,
      String action,
      String operationCode,
      String target,
      Outcome outcome,
      Map<String, ?> details) {
    HttpServletRequest request = currentRequest();
    String name =
        actor != null && PLAUSIBLE_USERNAME.matcher(actor).matches() ? actor : "(not a user name)";
    return new NewEvent(
        name,
        kind,
        operationCode,
        action,
        target,
        outcome,
        request == null ? null : request.getRemoteAddr(),
        request == null ? null : truncate(request.getHeader("User-Agent"), 300),
        details);
  }

  private static String truncate(String value, int length) {
    return value == null || value.length() <= length ? value : value.substring(0, length);
  }

  private static HttpServletRequest currentRequest() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
        ? servlet.getRequest()
        : null;
  }
}
