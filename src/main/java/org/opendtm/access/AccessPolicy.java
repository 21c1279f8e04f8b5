package org.opendtm.access;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.internal.AccessInterceptor;
import org.opendtm.access.internal.ApiTokenAuthentication;
import org.opendtm.access.internal.RoleAssignments;
import org.opendtm.access.internal.SharingAgreements;
import org.opendtm.access.internal.SharingAgreements.ActiveAgreement;
import org.opendtm.platform.OpenDtmException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The one place where "may the caller do this in this operation?" is answered, from the roles the
 * caller holds and the rights each role carries ({@link Right}). Web endpoints do not call it
 * themselves: they declare a policy ({@link Allow} and friends) and the access module's interceptor
 * checks it before the handler runs. Other callers (jobs, later the OpenRosa endpoints) may call
 * {@link #require(String, Right)}.
 *
 * <p>A caller signed in with an API token holds the rights of the token's creator <em>within the
 * token's scope</em> only (its operations and rights), and never acts as platform administrator.
 *
 * <p>A {@link OperationRole#PARTNER} of an operation also holds, while a data-sharing agreement
 * with them is active (start date ≤ today &lt; end date, by the application's {@link Clock}), the
 * read rights of the datasets it covers ({@link SharedDataset#readRights()}). Every request let
 * through by an agreement alone is recorded in the audit log.
 */
@Service
public class AccessPolicy {

  private final RoleAssignments roles;
  private final SharingAgreements agreements;
  private final Clock clock;
  // the audit log needs this policy itself: looked up when first used
  private final ObjectProvider<AuditLog> audit;

  AccessPolicy(
      RoleAssignments roles,
      SharingAgreements agreements,
      Clock clock,
      ObjectProvider<AuditLog> audit) {
    this.roles = roles;
    this.agreements = agreements;
    this.clock = clock;
    this.audit = audit;
  }

  /**
   * The Spring MVC interceptor that checks each handler's declared policy before it runs. Spring
   * MVC's own handler mappings get it from the access module; a module that adds a handler mapping
   * of its own (a fast path for a hot endpoint) must put it first in that mapping's interceptors.
   */
  public HandlerInterceptor interceptor() {
    return new AccessInterceptor(this);
  }

  /** The caller's user name, or {@code anonymous}. */
  public String currentUser() {
    return isSignedIn() ? authentication().getName() : "anonymous";
  }

  public boolean isSignedIn() {
    Authentication authentication = authentication();
    return authentication != null
        && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken);
  }

  public boolean isPlatformAdmin() {
    return isSignedIn()
        && authentication().getAuthorities().stream()
            .anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
  }

  /** True when the caller is a platform admin or holds a role carrying the right. */
  public boolean holds(String operationCode, Right right) {
    ApiTokenAuthentication token = token();
    if (token != null) {
      // the token's scope, and within it what its creator holds now
      return token.covers(operationCode, right)
          && (token.creatorIsPlatformAdmin() || roleCarries(operationCode, right));
    }
    if (isPlatformAdmin()) return true;
    if (!isSignedIn()) return false;
    return roleCarries(operationCode, right);
  }

  private boolean roleCarries(String operationCode, Right right) {
    Set<OperationRole> held = roles.rolesOf(currentUser(), operationCode);
    return right.holders().stream().anyMatch(held::contains)
        || agreementCarrying(operationCode, right, held) != null;
  }

  /**
   * The active agreement giving the caller the right in the operation, or null: only partners of
   * the operation benefit from agreements.
   */
  private ActiveAgreement agreementCarrying(
      String operationCode, Right right, Set<OperationRole> held) {
    if (!held.contains(OperationRole.PARTNER)) return null;
    for (ActiveAgreement agreement : activeAgreements(operationCode)) {
      for (String dataset : agreement.datasets()) {
        var shared = SharedDataset.byCode(dataset);
        if (shared.isPresent()
            && shared.get().shareable()
            && shared.get().readRights().contains(right)) {
          return agreement;
        }
      }
    }
    return null;
  }

  private java.util.List<ActiveAgreement> activeAgreements(String operationCode) {
    return agreements.activeFor(
        currentUser(), operationCode, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
  }

  /** The rights active agreements give the caller in the operation (partners only). */
  private Set<Right> agreementRights(String operationCode, Set<OperationRole> held) {
    Set<Right> rights = EnumSet.noneOf(Right.class);
    if (!held.contains(OperationRole.PARTNER)) return rights;
    for (ActiveAgreement agreement : activeAgreements(operationCode)) {
      for (String dataset : agreement.datasets()) {
        SharedDataset.byCode(dataset)
            .filter(SharedDataset::shareable)
            .ifPresent(d -> rights.addAll(d.readRights()));
      }
    }
    return rights;
  }

  /** True when the caller is signed in with an API token rather than a password or session. */
  public boolean isApiToken() {
    return token() != null;
  }

  /** True when the caller is a platform admin or holds the right in at least one operation. */
  public boolean holdsInAnyOperation(Right right) {
    ApiTokenAuthentication token = token();
    if (token != null) return token.operations().stream().anyMatch(op -> holds(op, right));
    if (isPlatformAdmin()) return true;
    if (!isSignedIn()) return false;
    return roles.rolesByOperation(currentUser()).values().stream()
        .anyMatch(held -> right.holders().stream().anyMatch(held::contains));
  }

  /** Throws 403 unless the caller holds the right in the operation. */
  public void require(String operationCode, Right right) {
    if (holds(operationCode, right)) {
      auditIfByAgreement(operationCode, right);
    } else {
      throw new OpenDtmException(
          AccessErrorCode.NOT_ALLOWED,
          "You need the right " + right + " in operation " + operationCode + " for this.");
    }
  }

  /**
   * True when the caller holds the right in the operation, like {@link #holds}; when only a
   * data-sharing agreement gives it, the use is recorded in the audit log as {@link #require} does.
   * For reads whose content, not admission, depends on a right (full or protected figures).
   */
  public boolean use(String operationCode, Right right) {
    if (!holds(operationCode, right)) return false;
    auditIfByAgreement(operationCode, right);
    return true;
  }

  /** Records the access when the caller holds the right by an agreement and by no role. */
  private void auditIfByAgreement(String operationCode, Right right) {
    if (!isSignedIn() || (isPlatformAdmin() && !isApiToken())) return;
    ApiTokenAuthentication token = token();
    if (token != null && token.creatorIsPlatformAdmin()) return;
    Set<OperationRole> held = roles.rolesOf(currentUser(), operationCode);
    if (right.holders().stream().anyMatch(held::contains)) return;
    ActiveAgreement agreement = agreementCarrying(operationCode, right, held);
    if (agreement == null) return;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("agreement", agreement.id());
    details.put("right", right.name());
    details.put("datasets", agreement.datasets());
    audit
        .getObject()
        .record(
            "sharing.read", operationCode, "agreement " + agreement.id(), Outcome.SUCCESS, details);
  }

  /** Throws 403 unless the caller is a platform administrator. */
  public void requirePlatformAdmin() {
    if (!isPlatformAdmin()) {
      throw new OpenDtmException(
          AccessErrorCode.NOT_ALLOWED, "Only platform administrators may do this.");
    }
  }

  /** The caller's rights in the operation: all of them for platform administrators. */
  public Set<Right> rightsIn(String operationCode) {
    ApiTokenAuthentication token = token();
    if (token != null) {
      Set<Right> rights = EnumSet.noneOf(Right.class);
      for (Right right : token.rights()) if (holds(operationCode, right)) rights.add(right);
      return rights;
    }
    if (isPlatformAdmin()) return EnumSet.allOf(Right.class);
    if (!isSignedIn()) return EnumSet.noneOf(Right.class);
    Set<OperationRole> held = roles.rolesOf(currentUser(), operationCode);
    Set<Right> rights = Right.heldBy(held);
    rights.addAll(agreementRights(operationCode, held));
    return rights;
  }

  /** The caller's roles, by operation code (platform admins hold rights beyond these). */
  public Map<String, Set<OperationRole>> rolesOfCurrentUser() {
    if (!isSignedIn()) return Map.of();
    Map<String, Set<OperationRole>> held = roles.rolesByOperation(currentUser());
    ApiTokenAuthentication token = token();
    if (token == null) return held;
    Map<String, Set<OperationRole>> scoped = new LinkedHashMap<>(held);
    scoped.keySet().retainAll(token.operations());
    return scoped;
  }

  /**
   * Operation codes in which the caller holds any role; platform admins see all (empty set + flag).
   */
  public Set<String> operationsOfCurrentUser() {
    ApiTokenAuthentication token = token();
    if (token == null) return roles.operationsOf(currentUser());
    if (token.creatorIsPlatformAdmin()) return token.operations();
    Set<String> scoped = new LinkedHashSet<>(roles.operationsOf(currentUser()));
    scoped.retainAll(token.operations());
    return scoped;
  }

  private static ApiTokenAuthentication token() {
    return authentication() instanceof ApiTokenAuthentication token ? token : null;
  }

  private static Authentication authentication() {
    return SecurityContextHolder.getContext().getAuthentication();
  }
}
