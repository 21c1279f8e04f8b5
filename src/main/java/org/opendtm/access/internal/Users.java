package org.opendtm.access.internal;

import java.util.List;
import java.util.Optional;
import org.opendtm.access.AccessErrorCode;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/** The accounts table. */
@Repository
public class Users {

  private final JdbcClient jdbc;
  private final PasswordEncoder encoder;

  Users(JdbcClient jdbc, PasswordEncoder encoder) {
    this.jdbc = jdbc;
    this.encoder = encoder;
  }

  public record Account(
      long id, String username, String passwordHash, boolean platformAdmin, boolean enabled) {}

  /** An account as others may see it: never the password hash. */
  public record Profile(
      String username,
      String displayName,
      boolean platformAdmin,
      boolean enabled,
      String organisation) {}

  private static final java.util.regex.Pattern USERNAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9._@-]{2,80}");

  public Optional<Account> find(String username) {
    return jdbc.sql(
            """
            select id, username, password_hash, platform_admin, enabled
              from access.app_user where username = :username
            """)
        .param("username", username)
        .query(Account.class)
        .optional();
  }

  public boolean exists(String username) {
    return find(username).isPresent();
  }

  public long getId(String username) {
    return find(username)
        .orElseThrow(
            () -> new NotFoundException(AccessErrorCode.UNKNOWN_USER, "No user " + username))
        .id();
  }

  public Optional<Profile> findProfile(String username) {
    return jdbc.sql(
            """
            select username, display_name, platform_admin, enabled, organisation
              from access.app_user where username = :username
            """)
        .param("username", username)
        .query(Profile.class)
        .optional();
  }

  /** Every account, ordered by user name. */
  public List<Profile> list() {
    return jdbc.sql(
            """
            select username, display_name, platform_admin, enabled, organisation
              from access.app_user order by username
            """)
        .query(Profile.class)
        .list();
  }

  public long count() {
    return jdbc.sql("select count(*) from access.app_user").query(Long.class).single();
  }

  public void create(String username, String password, boolean platformAdmin) {
    create(username, password, null, platformAdmin);
  }

  public void create(String username, String password, String displayName, boolean platformAdmin) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new OpenDtmException(
          AccessErrorCode.INVALID_INPUT,
          "User names have 2 to 80 letters, digits or . _ @ -",
          List.of(new InputError(null, "username", username, "2 to 80 of A-Z a-z 0-9 . _ @ -")));
    }
    PasswordRules.check(username, password, "password");
    if (exists(username)) {
      throw new OpenDtmException(AccessErrorCode.DUPLICATE_USER, "User " + username + " exists");
    }
    jdbc.sql(
            """
            insert into access.app_user (username, password_hash, display_name, platform_admin)
            values (:username, :hash, :displayName, :admin)
            """)
        .param("username", username)
        .param(
            "displayName",
            displayName == null || displayName.isBlank() ? null : displayName.strip())
        .param("hash", encoder.encode(password))
        .param("admin", platformAdmin)
        .update();
  }

  /**
   * Disables or enables an account; disabling also voids its sessions from {@code now}.
   *
   * @return false when the account already was in that state
   */
  public boolean setEnabled(String username, boolean enabled, String by, java.time.Instant now) {
    return jdbc.sql(
                """
                update access.app_user
                   set enabled = :enabled,
                       disabled_at = case when :enabled then null else :now end,
                       disabled_by = case when :enabled then null else :by end,
                       sessions_revoked_at =
                         case when :enabled then sessions_revoked_at else :now end
                 where username = :username and enabled <> :enabled
                """)
            .param("username", username)
            .param("enabled", enabled)
            .param("by", by)
            .param("now", java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
            .update()
        == 1;
  }

  /** Sets (or, with null, clears) the organisation the account works for. */
  public void setOrganisation(String username, String organisation) {
    jdbc.sql("update access.app_user set organisation = :organisation where username = :username")
        .param("username", username)
        .param("organisation", organisation)
        .update();
  }

  /** Who disabled the account, if it is disabled. */
  public Optional<String> findDisabledBy(String username) {
    return jdbc.sql(
            "select disabled_by from access.app_user where username = :username and not enabled")
        .param("username", username)
        .query(String.class)
        .optional();
  }

  /** Every account whose sessions begun before a moment are void, with that moment. */
  public java.util.Map<String, java.time.Instant> listSessionRevocations() {
    java.util.Map<String, java.time.Instant> revoked = new java.util.HashMap<>();
    jdbc.sql(
            """
            select username, sessions_revoked_at from access.app_user
             where sessions_revoked_at is not null
            """)
        .query((rs, n) -> revoked.put(rs.getString(1), rs.getTimestamp(2).toInstant()))
        .list();
    return revoked;
  }

  /** Replaces the stored hash (a password change, or a hash upgraded to the current encoder). */
  public void updatePasswordHash(String username, String hash, boolean changed) {
    jdbc.sql(
            """
            update access.app_user
               set password_hash = :hash,
                   password_changed_at = case when :changed then now() else password_changed_at end
             where username = :username
            """)
        .param("username", username)
        .param("hash", hash)
        .param("changed", changed)
        .update();
  }
}
