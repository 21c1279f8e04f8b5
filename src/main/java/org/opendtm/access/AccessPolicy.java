package org.opendtm.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.opendtm.access.internal.RoleAssignments;
import org.opendtm.platform.OpenDtmException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * The one place where "may the caller do this in this operation?" is answered. Controllers call it
 * with the operation code from the path before touching data.
 */
@Service
public class AccessPolicy {

  /** Roles that may read an operation's unpublished data (rounds in review, flags, imports). */
  public static final Set<OperationRole> STAFF =
      EnumSet.of(OperationRole.MANAGER, OperationRole.REVIEWER, OperationRole.DATA_PROTECTION);

  private final RoleAssignments roles;

  AccessPolicy(RoleAssignments roles) {
    this.roles = roles;
  }

  /** The caller's user name, or {@code anonymous}. */
  public String currentUser() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication == null ? "anonymous" : authentication.getName();
  }

  public boolean isPlatformAdmin() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null
        && authentication.getAuthorities().stream()
            .anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
  }

  /** True when the caller is a platform admin or holds one of the roles in the operation. */
  public boolean holds(String operationCode, OperationRole... anyOf) {
    if (isPlatformAdmin()) return true;
    Set<OperationRole> held = roles.rolesOf(currentUser(), operationCode);
    return Arrays.stream(anyOf).anyMatch(held::contains);
  }

  /** Throws 403 unless the caller holds one of the roles in the operation. */
  public void require(String operationCode, OperationRole... anyOf) {
    if (!holds(operationCode, anyOf)) {
      throw new OpenDtmException(
          AccessErrorCode.NOT_ALLOWED,
          "You need one of the roles "
              + Arrays.toString(anyOf)
              + " in operation "
              + operationCode
              + " for this.");
    }
  }

  /** Throws 403 unless the caller is a platform administrator. */
  public void requirePlatformAdmin() {
    if (!isPlatformAdmin()) {
      throw new OpenDtmException(
          AccessErrorCode.NOT_ALLOWED, "Only platform administrators may do this.");
    }
  }

  /**
   * Operation codes in which the caller holds any role; platform admins see all (empty set + flag).
   */
  public Set<String> operationsOfCurrentUser() {
    return roles.operationsOf(currentUser());
  }
}
