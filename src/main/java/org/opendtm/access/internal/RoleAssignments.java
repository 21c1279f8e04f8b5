package org.opendtm.access.internal;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.opendtm.access.OperationRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Who holds which role in which operation.
 *
 * <p>{@link #rolesOf} answers every access check (one per request); it is kept for {@value
 * #CACHE_MILLIS} ms per user and operation, and forgotten as soon as any role is granted or
 * replaced through this class (and again when that transaction ends, so a reader that cached the
 * state before the commit does not keep it). Roles are only ever written here; a change made in the
 * database by hand takes at most that long to be seen.
 */
@Repository
public class RoleAssignments {

  static final long CACHE_MILLIS = 1_000;
  private static final int CACHE_MAX = 10_000;

  private record Cached(Set<OperationRole> roles, long loadedNanos, long generation) {}

  private final JdbcClient jdbc;
  private final Map<List<String>, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  RoleAssignments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A holder of roles in one operation. */
  public record Member(String username, String displayName, Set<OperationRole> roles) {}

  /** The user's roles in the operation (none for a disabled user); a copy the caller may change. */
  public Set<OperationRole> rolesOf(String username, String operationCode) {
    List<String> key = List.of(username, operationCode);
    long now = System.nanoTime();
    long current = generation.get();
    Cached cached = cache.get(key);
    if (cached != null
        && cached.generation() == current
        && now - cached.loadedNanos() < CACHE_MILLIS * 1_000_000) {
      return EnumSet.copyOf(cached.roles());
    }
    Set<OperationRole> roles = load(username, operationCode);
    if (cache.size() >= CACHE_MAX) cache.clear();
    cache.put(key, new Cached(EnumSet.copyOf(roles), now, current));
    return roles;
  }

  private Set<OperationRole> load(String username, String operationCode) {
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

  /** Every operation the user holds a role in, with those roles, ordered by operation code. */
  public Map<String, Set<OperationRole>> rolesByOperation(String username) {
    Map<String, Set<OperationRole>> byOperation = new TreeMap<>();
    jdbc.sql(
            """
            select r.operation_code, r.role from access.role_assignment r
              join access.app_user u on u.id = r.user_id
             where u.username = :username and u.enabled
            """)
        .param("username", username)
        .query(
            (rs, n) ->
                byOperation
                    .computeIfAbsent(rs.getString(1), k -> EnumSet.noneOf(OperationRole.class))
                    .add(OperationRole.valueOf(rs.getString(2))))
        .list();
    return byOperation;
  }

  /** The operations the account holds roles in, disabled or not. */
  public Set<String> operationsOfAccount(String username) {
    return new LinkedHashSet<>(
        jdbc.sql(
                """
                select distinct r.operation_code from access.role_assignment r
                  join access.app_user u on u.id = r.user_id
                 where u.username = :username
                """)
            .param("username", username)
            .query(String.class)
            .list());
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

  /** The members of an operation, ordered by user name. */
  public List<Member> members(String operationCode) {
    Map<String, Member> members = new TreeMap<>();
    jdbc.sql(
            """
            select u.username, u.display_name, r.role from access.role_assignment r
              join access.app_user u on u.id = r.user_id
             where r.operation_code = :operation
            """)
        .param("operation", operationCode)
        .query(
            (rs, n) -> {
              String username = rs.getString(1);
              String displayName = rs.getString(2);
              members
                  .computeIfAbsent(
                      username,
                      name -> new Member(name, displayName, EnumSet.noneOf(OperationRole.class)))
                  .roles()
                  .add(OperationRole.valueOf(rs.getString(3)));
              return username;
            })
        .list();
    return List.copyOf(members.values());
  }

  public void grant(long userId, String operationCode, OperationRole role) {
    forget();
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

  /** Replaces the user's roles in the operation (none: the user is no longer a member). */
  public void replace(long userId, String operationCode, Collection<OperationRole> roles) {
    forget();
    jdbc.sql(
            """
            delete from access.role_assignment where user_id = :user and operation_code = :operation
            """)
        .param("user", userId)
        .param("operation", operationCode)
        .update();
    roles.forEach(role -> grant(userId, operationCode, role));
  }

  /** Drops every cached answer now and again when the current transaction ends. */
  private void forget() {
    generation.incrementAndGet();
    cache.clear();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              generation.incrementAndGet();
              cache.clear();
            }
          });
    }
  }
}
