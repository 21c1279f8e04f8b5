package org.opendtm.access;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendtm.access.internal.ApiTokens;
import org.opendtm.access.internal.PasswordChange;
import org.opendtm.access.internal.RoleAssignments;
import org.opendtm.access.internal.SessionRevocations;
import org.opendtm.access.internal.Users;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.cluster.ClusterEvents;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts and their roles. Who may call these is decided by the endpoints' policies; this service
 * only keeps the records.
 */
@Service
public class UserManagement {

  private final Users users;
  private final RoleAssignments roles;
  private final List<KnownOperations> operations;
  private final AuditLog audit;
  private final PasswordChange passwordChange;
  private final AccessPolicy access;
  private final ApiTokens tokens;
  private final SessionRevocations revocations;
  private final Clock clock;
  private final ClusterEvents cluster;

  UserManagement(
      Users users,
      RoleAssignments roles,
      List<KnownOperations> operations,
      AuditLog audit,
      PasswordChange passwordChange,
      AccessPolicy access,
      ApiTokens tokens,
      SessionRevocations revocations,
      Clock clock,
      ClusterEvents cluster) {
    this.tokens = tokens;
    this.revocations = revocations;
    this.clock = clock;
    this.cluster = cluster;
    this.users = users;
    this.roles = roles;
    this.operations = operations;
    this.audit = audit;
    this.passwordChange = passwordChange;
    this.access = access;
  }

  /**
   * Changes the caller's password after checking the current one; a wrong current password counts
   * as a failed sign-in. Not with an API token.
   *
   * @param remoteAddress the client's address, for the lock-out record
   */
  @Transactional(noRollbackFor = OpenDtmException.class)
  public void changeOwnPassword(String current, String newPassword, String remoteAddress) {
    if (access.isApiToken()) {
      throw new OpenDtmException(
          AccessErrorCode.TOKEN_NOT_ALLOWED, "Sign in with your password to change it.");
    }
    passwordChange.change(access.currentUser(), current, newPassword, remoteAddress);
  }

  /**
   * An account: user name, display name, platform administrator or not, enabled or disabled, and
   * the organisation it works for (null: none named), which organisations' agreements follow.
   */
  public record UserProfile(
      String username,
      String displayName,
      boolean platformAdmin,
      boolean enabled,
      String organisation) {}

  /** A holder of roles in one operation. */
  public record Member(String username, String displayName, Set<OperationRole> roles) {}

  /** Creates an account; the password is checked for strength and stored hashed. */
  @Transactional
  public void createUser(String username, String password, boolean platformAdmin) {
    users.create(username, password, platformAdmin);
    audit.record(
        "account.create",
        null,
        username,
        AuditEntry.Outcome.SUCCESS,
        Map.of("platformAdmin", platformAdmin));
  }

  /** Creates an account that is not a platform administrator and holds no role yet. */
  @Transactional
  public UserProfile createUser(String username, String password, String displayName) {
    users.create(username, password, displayName, false);
    audit.record(
        "account.create",
        null,
        username,
        AuditEntry.Outcome.SUCCESS,
        Map.of("platformAdmin", false));
    return getUser(username);
  }

  public boolean exists(String username) {
    return users.exists(username);
  }

  /**
   * Disables an account: it can no longer sign in (password, form or token), its sessions end at
   * their next request, on every instance, and its API tokens are revoked. Platform administrators
   * may disable anyone but themselves; managers only accounts whose every role is in operations
   * they manage (never a platform administrator, never an account without roles).
   *
   * @param reason why, for the audit log (optional)
   * @throws NotFoundException for an unknown user
   * @throws OpenDtmException 403 outside the caller's reach, 422 for the caller's own account
   */
  @Transactional
  public UserProfile disable(String username, String reason) {
    requireReach(username, "account.disable");
    if (username.equals(access.currentUser())) {
      throw new OpenDtmException(
          AccessErrorCode.INVALID_INPUT,
          "You cannot disable your own account.",
          List.of(InputError.field("username", "your own account")));
    }
    Instant now = clock.instant();
    Map<String, Object> details = new LinkedHashMap<>();
    if (users.setEnabled(username, false, access.currentUser(), now)) {
      details.put("tokensRevoked", tokens.revokeAll(username, now));
      if (reason != null && !reason.isBlank()) details.put("reason", reason.strip());
      audit.record("account.disable", null, username, AuditEntry.Outcome.SUCCESS, details);
      revocations.revoked(username, now);
      cluster.publish(ClusterEvents.ACCOUNT_DISABLED, username); // delivered on commit
    }
    return getUser(username);
  }

  /**
   * Enables a disabled account again: it may sign in; its old sessions and tokens stay void.
   *
   * @throws NotFoundException for an unknown user
   * @throws OpenDtmException 403 outside the caller's reach (as for {@link #disable})
   */
  @Transactional
  public UserProfile enable(String username) {
    requireReach(username, "account.enable");
    if (users.setEnabled(username, true, access.currentUser(), clock.instant())) {
      audit.record("account.enable", null, username, AuditEntry.Outcome.SUCCESS, Map.of());
    }
    return getUser(username);
  }

  /**
   * Names the organisation the account works for (null or blank clears it). Data-sharing agreements
   * made with that organisation then cover the account wherever it is a partner, so this is decided
   * by those who make agreements: platform administrators, and data-protection officers of every
   * operation the account holds a role in.
   *
   * @throws OpenDtmException 403 outside the caller's reach, 422 for an unusable name
   */
  @Transactional
  public UserProfile setOrganisation(String username, String organisation) {
    UserProfile target = getUser(username);
    boolean reachable =
        access.isPlatformAdmin()
            || (!target.platformAdmin()
                && roles.operationsOfAccount(username).stream()
                    .allMatch(op -> access.holds(op, Right.MANAGE_SHARING)));
    if (!reachable) {
      audit.record("account.organisation", null, username, AuditEntry.Outcome.DENIED, Map.of());
      throw new OpenDtmException(
          AccessErrorCode.NOT_ALLOWED,
          "Only platform administrators, or data-protection officers of every operation the"
              + " account holds a role in, may set its organisation.");
    }
    String value = null;
    if (organisation != null && !organisation.isBlank()) {
      String problem = organisationProblem(organisation);
      if (problem != null) {
        throw new OpenDtmException(
            AccessErrorCode.INVALID_INPUT,
            "Organisation not set.",
            List.of(new InputError(null, "organisation", organisation, problem)));
      }
      value = normaliseOrganisation(organisation);
    }
    users.setOrganisation(username, value);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("before", target.organisation() == null ? "" : target.organisation());
    details.put("after", value == null ? "" : value);
    audit.record("account.organisation", null, username, AuditEntry.Outcome.SUCCESS, details);
    return getUser(username);
  }

  /** Why a name cannot be an organisation's, or null when it can. */
  public static String organisationProblem(String organisation) {
    String name = normaliseOrganisation(organisation);
    if (name.isEmpty()) return "give the organisation's name";
    if (name.length() > 200) return "at most 200 characters";
    if (name.chars().anyMatch(Character::isISOControl)) return "no control characters";
    return null;
  }

  /** The name as stored: spaces trimmed and runs of spaces made one (matching ignores case). */
  public static String normaliseOrganisation(String organisation) {
    return organisation == null ? "" : organisation.strip().replaceAll("\\s+", " ");
  }

  /**
   * Platform admins reach every account. Managers reach accounts whose every role is in an
   * operation they manage (an account without roles too: it was made to be granted one), never a
   * platform administrator, and never to enable an account a platform administrator disabled.
   */
  private void requireReach(String username, String action) {
    UserProfile target = getUser(username);
    if (access.isPlatformAdmin()) return;
    boolean reachable =
        !target.platformAdmin()
            && roles.operationsOfAccount(username).stream()
                .allMatch(op -> access.holds(op, Right.MANAGE_MEMBERS));
    if (reachable && action.equals("account.enable")) {
      reachable =
          users
              .findDisabledBy(username)
              .flatMap(users::findProfile)
              .map(by -> !by.platformAdmin())
              .orElse(true);
    }
    if (!reachable) {
      audit.record(action, null, username, AuditEntry.Outcome.DENIED, Map.of());
      throw new OpenDtmException(
          AccessErrorCode.NOT_ALLOWED,
          "Only platform administrators, or managers of every operation the account holds a role"
              + " in, may disable or enable "
              + username
              + " (an account a platform administrator disabled only a platform administrator"
              + " enables).");
    }
  }

  public UserProfile getUser(String username) {
    return users
        .findProfile(username)
        .map(
            p ->
                new UserProfile(
                    p.username(),
                    p.displayName(),
                    p.platformAdmin(),
                    p.enabled(),
                    p.organisation()))
        .orElseThrow(
            () -> new NotFoundException(AccessErrorCode.UNKNOWN_USER, "No user " + username));
  }

  public List<UserProfile> listUsers() {
    return users.list().stream()
        .map(
            p ->
                new UserProfile(
                    p.username(),
                    p.displayName(),
                    p.platformAdmin(),
                    p.enabled(),
                    p.organisation()))
        .toList();
  }

  @Transactional
  public void grant(String username, String operationCode, OperationRole role) {
    roles.grant(users.getId(username), operationCode, role);
    audit.record(
        "role.grant", operationCode, username, AuditEntry.Outcome.SUCCESS, Map.of("role", role));
  }

  /**
   * Replaces the user's roles in the operation; an empty collection ends the membership.
   *
   * @throws NotFoundException for an unknown user or operation
   */
  @Transactional
  public Member setRoles(
      String username, String operationCode, Collection<OperationRole> newRoles) {
    requireOperation(operationCode);
    long user = users.getId(username);
    Set<OperationRole> before = roles.rolesOf(username, operationCode);
    roles.replace(user, operationCode, newRoles);
    // one event per role granted or withdrawn, so that a search for role.grant finds them all
    for (OperationRole role : OperationRole.values()) {
      boolean had = before.contains(role);
      boolean has = newRoles.contains(role);
      if (had != has) {
        audit.record(
            has ? "role.grant" : "role.revoke",
            operationCode,
            username,
            AuditEntry.Outcome.SUCCESS,
            Map.of("role", role));
      }
    }
    return new Member(
        username, getUser(username).displayName(), roles.rolesOf(username, operationCode));
  }

  public List<Member> listMembers(String operationCode) {
    requireOperation(operationCode);
    return roles.members(operationCode).stream()
        .map(m -> new Member(m.username(), m.displayName(), m.roles()))
        .toList();
  }

  public Set<OperationRole> rolesOf(String username, String operationCode) {
    return roles.rolesOf(username, operationCode);
  }

  /** Every operation the user holds a role in, with those roles. */
  public Map<String, Set<OperationRole>> rolesByOperation(String username) {
    return roles.rolesByOperation(username);
  }

  private void requireOperation(String operationCode) {
    if (operations.stream().noneMatch(known -> known.exists(operationCode))) {
      throw new NotFoundException(
          AccessErrorCode.UNKNOWN_OPERATION, "No operation " + operationCode);
    }
  }
}
