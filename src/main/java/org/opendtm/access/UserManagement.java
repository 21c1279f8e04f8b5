package org.opendtm.access;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendtm.access.internal.PasswordChange;
import org.opendtm.access.internal.RoleAssignments;
import org.opendtm.access.internal.Users;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
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

  UserManagement(
      Users users,
      RoleAssignments roles,
      List<KnownOperations> operations,
      AuditLog audit,
      PasswordChange passwordChange,
      AccessPolicy access) {
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

  /** An account: user name, display name, platform administrator or not. */
  public record UserProfile(String username, String displayName, boolean platformAdmin) {}

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

  public UserProfile getUser(String username) {
    return users
        .findProfile(username)
        .map(p -> new UserProfile(p.username(), p.displayName(), p.platformAdmin()))
        .orElseThrow(
            () -> new NotFoundException(AccessErrorCode.UNKNOWN_USER, "No user " + username));
  }

  public List<UserProfile> listUsers() {
    return users.list().stream()
        .map(p -> new UserProfile(p.username(), p.displayName(), p.platformAdmin()))
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
