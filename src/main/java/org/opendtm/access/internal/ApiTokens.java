package org.opendtm.access.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.opendtm.access.Right;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * API tokens: {@value #PREFIX} and 32 random bytes in base64url, of which only the SHA-256 is
 * stored. A fast hash is right here, unlike for passwords: a token carries 256 random bits, so no
 * guess from a stolen hash can succeed however fast the hash is computed, and a slow hash would
 * only cost time on every request.
 */
@Repository
public class ApiTokens {

  /** Recognisable in logs and by secret scanners. */
  public static final String PREFIX = "odt_";

  private static final Pattern FORMAT = Pattern.compile("odt_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;

  ApiTokens(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A token as listed: never the secret nor its hash. */
  public record Token(
      long id,
      String name,
      String hint,
      List<String> operations,
      Set<Right> rights,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      Instant lastUsedAt) {}

  /** A new secret token. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stores the token's hash and returns its id. */
  public long insert(
      long userId,
      String name,
      String token,
      List<String> operations,
      Set<Right> rights,
      Instant createdAt,
      Instant expiresAt) {
    return jdbc.sql(
            """
            insert into access.api_token
                   (user_id, name, token_hash, token_hint, operations, rights, created_at,
                    expires_at)
            values (:user, :name, :hash, :hint, :operations, :rights, :createdAt, :expiresAt)
            returning id
            """)
        .param("user", userId)
        .param("name", name)
        .param("hash", hash(token))
        .param("hint", token.substring(0, PREFIX.length() + 4) + "…")
        .param("operations", operations.toArray(String[]::new))
        .param("rights", rights.stream().map(Right::name).toArray(String[]::new))
        .param("createdAt", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
        .param("expiresAt", OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
        .query(Long.class)
        .single();
  }

  /** How stale a token's last-use time may get: it is written at most this often. */
  static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

  // token id -> the last-use time this instance last wrote (or saw written)
  private final Map<Long, Instant> lastUseWritten = new ConcurrentHashMap<>();

  /**
   * Records that the token signed a request in: one UPDATE per token per minute at most, never one
   * per request. The condition in SQL keeps it so across instances as well.
   */
  void recordUse(long tokenId, Instant now) {
    Instant written = lastUseWritten.get(tokenId);
    if (written != null && now.isBefore(written.plus(LAST_USE_RESOLUTION))) return;
    lastUseWritten.put(tokenId, now);
    jdbc.sql(
            """
            update access.api_token set last_used_at = :now
             where id = :id and (last_used_at is null or last_used_at <= :stale)
            """)
        .param("id", tokenId)
        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .param("stale", OffsetDateTime.ofInstant(now.minus(LAST_USE_RESOLUTION), ZoneOffset.UTC))
        .update();
  }

  /** The signed-in caller a valid (well-formed, known, unexpired, unrevoked) token stands for. */
  Optional<ApiTokenAuthentication> authenticate(String token, Instant now) {
    if (token == null || !FORMAT.matcher(token).matches()) return Optional.empty();
    return jdbc.sql(
            """
            select t.id, u.username, u.platform_admin, t.operations, t.rights
              from access.api_token t join access.app_user u on u.id = t.user_id
             where t.token_hash = :hash and t.revoked_at is null and t.expires_at > :now
               and u.enabled
            """)
        .param("hash", hash(token))
        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .query(
            (rs, row) ->
                new ApiTokenAuthentication(
                    rs.getLong("id"),
                    rs.getString("username"),
                    rs.getBoolean("platform_admin"),
                    new LinkedHashSet<>(strings(rs, "operations")),
                    rights(strings(rs, "rights"))))
        .optional();
  }

  /** The user's tokens, newest first. */
  public List<Token> listOf(String username) {
    return jdbc.sql(
            """
            select t.id, t.name, t.token_hint, t.operations, t.rights, t.created_at,
                   t.expires_at, t.revoked_at, t.last_used_at
              from access.api_token t join access.app_user u on u.id = t.user_id
             where u.username = :username
             order by t.created_at desc, t.id desc
            """)
        .param("username", username)
        .query(
            (rs, row) ->
                new Token(
                    rs.getLong("id"),
                    rs.getString("name"),
                    rs.getString("token_hint"),
                    strings(rs, "operations"),
                    rights(strings(rs, "rights")),
                    instant(rs, "created_at"),
                    instant(rs, "expires_at"),
                    instant(rs, "revoked_at"),
                    instant(rs, "last_used_at")))
        .list();
  }

  /** Revokes one of the user's tokens; false when the user has no such token. */
  public boolean revoke(String username, long id, Instant now) {
    return jdbc.sql(
                """
                update access.api_token t set revoked_at = coalesce(t.revoked_at, :now)
                  from access.app_user u
                 where u.id = t.user_id and u.username = :username and t.id = :id
                """)
            .param("username", username)
            .param("id", id)
            .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
            .update()
        == 1;
  }

  /** Revokes every active token of the user; returns how many. */
  public int revokeAll(String username, Instant now) {
    return jdbc.sql(
            """
            update access.api_token t set revoked_at = :now
              from access.app_user u
             where u.id = t.user_id and u.username = :username and t.revoked_at is null
               and t.expires_at > :now
            """)
        .param("username", username)
        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .update();
  }

  private static List<String> strings(ResultSet rs, String column) throws SQLException {
    Array array = rs.getArray(column);
    return Arrays.asList((String[]) array.getArray());
  }

  private static Set<Right> rights(List<String> names) {
    Set<Right> rights = EnumSet.noneOf(Right.class);
    for (String name : names) {
      try {
        rights.add(Right.valueOf(name));
      } catch (IllegalArgumentException renamed) {
        // a right that no longer exists grants nothing
      }
    }
    return rights;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
