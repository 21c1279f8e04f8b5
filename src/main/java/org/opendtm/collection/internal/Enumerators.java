package org.opendtm.collection.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Enumerators' collect credentials (table collection.enumerator). Secrets stay encrypted here. */
@Repository
public class Enumerators {

  /** A stored credential; the HA1 values are ciphertexts. */
  public record StoredCredential(
      String username, String operationCode, String realm, byte[] ha1Md5, byte[] ha1Sha256) {}

  /** What a manager sees of an enumerator: never a secret. */
  public record EnumeratorInfo(
      String username,
      String operationCode,
      String displayName,
      OffsetDateTime createdAt,
      String createdBy,
      OffsetDateTime revokedAt,
      String revokedBy) {}

  private final JdbcClient jdbc;

  Enumerators(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(
      String operationCode,
      String username,
      String displayName,
      String realm,
      byte[] ha1Md5,
      byte[] ha1Sha256,
      byte[] tokenSha256,
      String createdBy) {
    jdbc.sql(
            """
            insert into collection.enumerator
              (operation_code, username, display_name, realm, ha1_md5, ha1_sha256, token_sha256,
               created_by)
            values (:op, :username, :displayName, :realm, :md5, :sha256, :token, :by)
            """)
        .param("op", operationCode)
        .param("username", username)
        .param("displayName", displayName)
        .param("realm", realm)
        .param("md5", ha1Md5)
        .param("sha256", ha1Sha256)
        .param("token", tokenSha256)
        .param("by", createdBy)
        .update();
  }

  /** Replaces the secrets of an active enumerator; false when there is none. */
  public boolean replaceSecrets(
      String operationCode,
      String username,
      String realm,
      byte[] ha1Md5,
      byte[] ha1Sha256,
      byte[] tokenSha256) {
    return jdbc.sql(
                """
                update collection.enumerator
                   set realm = :realm, ha1_md5 = :md5, ha1_sha256 = :sha256, token_sha256 = :token
                 where operation_code = :op and username = :username and revoked_at is null
                """)
            .param("op", operationCode)
            .param("username", username)
            .param("realm", realm)
            .param("md5", ha1Md5)
            .param("sha256", ha1Sha256)
            .param("token", tokenSha256)
            .update()
        == 1;
  }

  public boolean exists(String username) {
    return jdbc.sql("select exists (select 1 from collection.enumerator where username = :u)")
        .param("u", username)
        .query(Boolean.class)
        .single();
  }

  public Optional<StoredCredential> findActive(String username) {
    return jdbc.sql(
            """
            select username, operation_code, realm, ha1_md5, ha1_sha256 from collection.enumerator
             where username = :username and revoked_at is null
            """)
        .param("username", username)
        .query(StoredCredential.class)
        .optional();
  }

  /** The active enumerator whose token has this SHA-256. */
  public Optional<String> findActiveByToken(byte[] tokenSha256) {
    return jdbc.sql(
            """
            select username from collection.enumerator
             where token_sha256 = :token and revoked_at is null
            """)
        .param("token", tokenSha256)
        .query(String.class)
        .optional();
  }

  public List<EnumeratorInfo> list(String operationCode) {
    return jdbc.sql(
            """
            select username, operation_code, display_name, created_at, created_by, revoked_at,
                   revoked_by
              from collection.enumerator where operation_code = :op order by username
            """)
        .param("op", operationCode)
        .query(EnumeratorInfo.class)
        .list();
  }

  /** Revokes an active enumerator of the operation; false when there is none. */
  public boolean revoke(String operationCode, String username, String revokedBy) {
    return jdbc.sql(
                """
                update collection.enumerator set revoked_at = now(), revoked_by = :by
                 where operation_code = :op and username = :username and revoked_at is null
                """)
            .param("op", operationCode)
            .param("username", username)
            .param("by", revokedBy)
            .update()
        == 1;
  }
}
