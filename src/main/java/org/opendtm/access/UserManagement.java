package org.opendtm.access;

import java.util.Set;
import org.opendtm.access.internal.RoleAssignments;
import org.opendtm.access.internal.Users;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts and their roles. */
@Service
public class UserManagement {

  private final Users users;
  private final RoleAssignments roles;

  UserManagement(Users users, RoleAssignments roles) {
    this.users = users;
    this.roles = roles;
  }

  /** Creates an account; the password is checked for strength and stored hashed. */
  @Transactional
  public void createUser(String username, String password, boolean platformAdmin) {
    users.create(username, password, platformAdmin);
  }

  public boolean exists(String username) {
    return users.exists(username);
  }

  @Transactional
  public void grant(String username, String operationCode, OperationRole role) {
    roles.grant(users.getId(username), operationCode, role);
  }

  public Set<OperationRole> rolesOf(String username, String operationCode) {
    return roles.rolesOf(username, operationCode);
  }
}
