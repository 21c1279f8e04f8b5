package org.opendtm.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opendtm.access.OperationRole;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Roles are cached for every access check, yet a change through the access module is seen by the
 * very next check — also by a reader that looked while the change was still uncommitted.
 */
class RoleAssignmentsIntegrationTest extends ApiTestSupport {

  static final AtomicInteger USERS = new AtomicInteger();

  @Autowired RoleAssignments roles;
  @Autowired Users users;
  @Autowired GeographyManagement geography;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void aChangeOfRolesIsSeenAtOnceDespiteTheCache() throws Exception {
    String op = "RLC" + USERS.incrementAndGet();
    geography.createOperation(new NewOperation(op, "Role cache " + op, "CAF"));
    String username = "role-cache-" + USERS.incrementAndGet();
    users.create(username, "a-long-enough-password-1", false);
    long id = users.getId(username);

    assertThat(roles.rolesOf(username, op)).isEmpty();
    roles.grant(id, op, OperationRole.ENUMERATOR);
    assertThat(roles.rolesOf(username, op)).containsExactly(OperationRole.ENUMERATOR);
    assertThat(roles.rolesOf(username, op)).containsExactly(OperationRole.ENUMERATOR); // cached

    roles.replace(id, op, List.of(OperationRole.REVIEWER));
    assertThat(roles.rolesOf(username, op)).containsExactly(OperationRole.REVIEWER);

    // another thread reads (and caches) the committed roles while a change is not yet committed
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status -> {
              roles.replace(id, op, List.of(OperationRole.MANAGER));
              Set<OperationRole> seen =
                  CompletableFuture.supplyAsync(() -> roles.rolesOf(username, op)).join();
              assertThat(seen).containsExactly(OperationRole.REVIEWER);
            });
    assertThat(roles.rolesOf(username, op)).containsExactly(OperationRole.MANAGER);

    roles.replace(id, op, List.of());
    assertThat(roles.rolesOf(username, op)).isEmpty();
  }
}
