package org.opendtm.access.internal;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.opendtm.access.OperationRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Who holds which role in which operation. */
@Repository
public class RoleAssignments {

  private final JdbcClient jdbc;

  RoleAssignments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Set<OperationRole> rolesOf(String username, String operationCode) {
    Set<OperationRole> roles = EnumSet.noneOf(OperationRole.class);
    jdbc.sql(
            """
            select r.role from access.role_assignment r
              join access.app_user u on u.id = r.user_id
             where u.username = :username and r.operation_code = :operation and u.enabled
            """)
        .param("username", username)
        .param("operation", operationCode)
        .query(String.class)
        .list()
        .forEach(role -> roles.add(OperationRole.valueOf(role)));
    return roles;
  }

  public Set<String> operationsOf(String username) {
    return new LinkedHashSet<>(
        jdbc.sql(
                """
                select distinct r.operation_code from access.role_assignment r
                  join access.app_user u on u.id = r.user_id
                 where u.username = :username and u.enabled
                 order by 1
                """)
            .param("username", username)
            .query(String.class)
            .list());
  }

  public void grant(long userId, String operationCode, OperationRole role) {
    jdbc.sql(
            """
            insert into access.role_assignment (user_id, operation_code, role)
            values (:user, :operation, :role) on conflict do nothing
            """)
        .param("user", userId)
        .param("operation", operationCode)
        .param("role", role.name())
        .update();
  }
}
