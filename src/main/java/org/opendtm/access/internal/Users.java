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

  /** Passwords people pick first; a longer list comes with issue 4's account rules. */
  private static final List<String> COMMON =
      List.of(
          "password1234",
          "123456789012",
          "qwertyuiopas",
          "adminadminadmin",
          "passwordpassword",
          "changemechangeme",
          "welcome12345",
          "iloveyou1234");

  private final JdbcClient jdbc;
  private final PasswordEncoder encoder;

  Users(JdbcClient jdbc, PasswordEncoder encoder) {
    this.jdbc = jdbc;
    this.encoder = encoder;
  }

  public record Account(
      long id, String username, String passwordHash, boolean platformAdmin, boolean enabled) {}

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

  public long count() {
    return jdbc.sql("select count(*) from access.app_user").query(Long.class).single();
  }

  public void create(String username, String password, boolean platformAdmin) {
    checkStrength(password);
    if (exists(username)) {
      throw new OpenDtmException(AccessErrorCode.DUPLICATE_USER, "User " + username + " exists");
    }
    jdbc.sql(
            """
            insert into access.app_user (username, password_hash, platform_admin)
            values (:username, :hash, :admin)
            """)
        .param("username", username)
        .param("hash", encoder.encode(password))
        .param("admin", platformAdmin)
        .update();
  }

  static void checkStrength(String password) {
    if (password == null || password.length() < 12) {
      throw new OpenDtmException(
          AccessErrorCode.WEAK_PASSWORD,
          "Passwords need at least 12 characters",
          List.of(InputError.field("password", "at least 12 characters")));
    }
    if (COMMON.contains(password.toLowerCase(java.util.Locale.ROOT))) {
      throw new OpenDtmException(
          AccessErrorCode.WEAK_PASSWORD,
          "This password is on the list of common passwords",
          List.of(InputError.field("password", "too common")));
    }
  }
}
