package org.opendtm.collection.internal.openrosa;

import java.util.List;
import org.opendtm.platform.crypto.PersonalDataCipher;
import org.opendtm.platform.crypto.PersonalDataRotation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code rotate-personal-data} for enumerators' Digest secrets: HA1 values still encrypted under an
 * older key are re-encrypted under the active one (revoked enumerators' too: their rows stay). The
 * secret itself does not change, so collect passwords keep working throughout.
 */
@Component
class EnumeratorSecretsRotation implements PersonalDataRotation {

  private record Row(long id, String username, byte[] ha1Md5, byte[] ha1Sha256) {}

  private final JdbcClient jdbc;
  private final PersonalDataCipher cipher;
  private final TransactionTemplate tx;

  EnumeratorSecretsRotation(
      JdbcClient jdbc, PersonalDataCipher cipher, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.tx = new TransactionTemplate(transactions);
  }

  @Override
  public String name() {
    return "collection.enumerator";
  }

  @Override
  public long rotate(int batchSize) {
    long rewritten = 0;
    long after = 0;
    while (true) {
      long from = after;
      // {rows read, values rewritten, last id}: one transaction per batch, rows locked meanwhile
      long[] batch =
          tx.execute(
              status -> {
                List<Row> rows =
                    jdbc.sql(
                            """
                            select id, username, ha1_md5, ha1_sha256 from collection.enumerator
                             where id > :after order by id limit :limit for update
                            """)
                        .param("after", from)
                        .param("limit", batchSize)
                        .query(Row.class)
                        .list();
                long last = rows.isEmpty() ? from : rows.get(rows.size() - 1).id();
                return new long[] {rows.size(), rewrite(rows), last};
              });
      rewritten += batch[1];
      after = batch[2];
      if (batch[0] < batchSize) break;
    }
    return rewritten;
  }

  private long rewrite(List<Row> rows) {
    String active = cipher.activeKeyId();
    long rewritten = 0;
    for (Row row : rows) {
      byte[] md5 = reencrypted(row.ha1Md5(), row.username(), "ha1_md5", active);
      byte[] sha256 = reencrypted(row.ha1Sha256(), row.username(), "ha1_sha256", active);
      if (md5 == null && sha256 == null) continue;
      jdbc.sql(
              """
              update collection.enumerator
                 set ha1_md5 = coalesce(cast(:md5 as bytea), ha1_md5),
                     ha1_sha256 = coalesce(cast(:sha256 as bytea), ha1_sha256)
               where id = :id
              """)
          .param("md5", md5)
          .param("sha256", sha256)
          .param("id", row.id())
          .update();
      rewritten += (md5 == null ? 0 : 1) + (sha256 == null ? 0 : 1);
    }
    return rewritten;
  }

  /** The value under the active key, or null when it is under it already. */
  private byte[] reencrypted(byte[] ciphertext, String username, String column, String active) {
    if (PersonalDataCipher.keyIdOf(ciphertext).equals(active)) return null;
    var address = CollectCredentials.address(username, column);
    return cipher.encrypt(cipher.decrypt(ciphertext, address), address);
  }
}
