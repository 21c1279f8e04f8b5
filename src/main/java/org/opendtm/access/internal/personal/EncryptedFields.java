package org.opendtm.access.internal.personal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.opendtm.access.PersonalFieldKey;
import org.opendtm.platform.crypto.FieldAddress;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The vault table {@code access.personal_field}: one encrypted value per (operation, dataset,
 * record, field). Only ciphertexts go in or come out of here.
 */
@Repository
public class EncryptedFields {

  private final JdbcClient jdbc;

  EncryptedFields(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored ciphertext with the key that made it. */
  public record Stored(PersonalFieldKey key, byte[] ciphertext, String keyId) {}

  /** What the ciphertext is bound to: moving it to another field or record breaks it. */
  public static FieldAddress address(PersonalFieldKey key) {
    return new FieldAddress(
        "access.personal_field/" + key.operationCode() + "/" + key.dataset(),
        key.field(),
        key.recordKey());
  }

  public void upsert(PersonalFieldKey key, byte[] ciphertext, String keyId, Instant storedAt) {
    jdbc.sql(
            """
            insert into access.personal_field
              (operation_code, dataset, record_key, field, ciphertext, key_id, stored_at)
            values (:operation, :dataset, :record, :field, :ciphertext, :keyId, :storedAt)
            on conflict (operation_code, dataset, record_key, field) do update
              set ciphertext = excluded.ciphertext, key_id = excluded.key_id,
                  stored_at = excluded.stored_at
            """)
        .param("operation", key.operationCode())
        .param("dataset", key.dataset())
        .param("record", key.recordKey())
        .param("field", key.field())
        .param("ciphertext", ciphertext)
        .param("keyId", keyId)
        .param("storedAt", Timestamp.from(storedAt))
        .update();
  }

  public Optional<byte[]> find(PersonalFieldKey key) {
    return jdbc.sql(
            """
            select ciphertext from access.personal_field
             where operation_code = :operation and dataset = :dataset
               and record_key = :record and field = :field
            """)
        .param("operation", key.operationCode())
        .param("dataset", key.dataset())
        .param("record", key.recordKey())
        .param("field", key.field())
        .query(byte[].class)
        .optional();
  }

  /** Deletes every field of one record; returns how many. */
  public int deleteRecord(String operationCode, String dataset, String recordKey) {
    return jdbc.sql(
            """
            delete from access.personal_field
             where operation_code = :operation and dataset = :dataset and record_key = :record
            """)
        .param("operation", operationCode)
        .param("dataset", dataset)
        .param("record", recordKey)
        .update();
  }

  /** A count of fields purged in one operation. */
  public record Purged(String operationCode, long fields) {}

  /** Deletes the dataset's fields stored before {@code cutoff}; returns counts per operation. */
  public List<Purged> deleteStoredBefore(String dataset, Instant cutoff) {
    return jdbc.sql(
            """
            with purged as (
              delete from access.personal_field
               where dataset = :dataset and stored_at < :cutoff
              returning operation_code)
            select operation_code, count(*) from purged group by operation_code order by 1
            """)
        .param("dataset", dataset)
        .param("cutoff", Timestamp.from(cutoff))
        .query((rs, n) -> new Purged(rs.getString(1), rs.getLong(2)))
        .list();
  }

  /**
   * Locks up to {@code limit} fields not encrypted under {@code activeKeyId}; rows locked by a
   * concurrent rotation are skipped, so two rotations never rewrite the same field.
   */
  public List<Stored> lockNotUnder(String activeKeyId, int limit) {
    return jdbc.sql(
            """
            select operation_code, dataset, record_key, field, ciphertext, key_id
              from access.personal_field where key_id <> :active
             limit :limit for update skip locked
            """)
        .param("active", activeKeyId)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new Stored(
                    new PersonalFieldKey(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                    rs.getBytes(5),
                    rs.getString(6)))
        .list();
  }

  /** Replaces a field's ciphertext and key, keeping when it was stored (retention counts). */
  public void rewrite(PersonalFieldKey key, byte[] ciphertext, String keyId) {
    jdbc.sql(
            """
            update access.personal_field set ciphertext = :ciphertext, key_id = :keyId
             where operation_code = :operation and dataset = :dataset
               and record_key = :record and field = :field
            """)
        .param("operation", key.operationCode())
        .param("dataset", key.dataset())
        .param("record", key.recordKey())
        .param("field", key.field())
        .param("ciphertext", ciphertext)
        .param("keyId", keyId)
        .update();
  }
}
