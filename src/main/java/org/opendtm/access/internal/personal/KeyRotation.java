package org.opendtm.access.internal.personal;

import java.util.List;
import java.util.Map;
import org.opendtm.access.AuditEntry.ActorKind;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.AuditLog;
import org.opendtm.access.internal.personal.EncryptedFields.Stored;
import org.opendtm.platform.crypto.PersonalDataCipher;
import org.opendtm.platform.crypto.PersonalDataRotation;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rewrites personal fields still encrypted under an older key with the active key, in batches of
 * one transaction each, while the platform keeps running: readers decrypt old and new alike.
 */
@Component
public class KeyRotation {

  private final EncryptedFields fields;
  private final PersonalDataCipher cipher;
  private final AuditLog audit;
  private final TransactionTemplate transaction;
  private final List<PersonalDataRotation> others;

  KeyRotation(
      EncryptedFields fields,
      PersonalDataCipher cipher,
      AuditLog audit,
      TransactionTemplate transaction,
      List<PersonalDataRotation> others) {
    this.fields = fields;
    this.cipher = cipher;
    this.audit = audit;
    this.transaction = transaction;
    this.others = others;
  }

  /**
   * Re-encrypts every field not under the active key, the vault's and those other modules keep in
   * their own tables ({@link PersonalDataRotation}); returns how many were rewritten.
   */
  public long rotate(int batchSize) {
    long total = rotateVault(batchSize);
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("fields", total);
    for (PersonalDataRotation other : others) {
      long rewritten = other.rotate(batchSize);
      details.put(other.name(), rewritten);
      total += rewritten;
    }
    details.put("total", total);
    details.put("activeKey", cipher.activeKeyId());
    audit.recordAs(
        "system",
        ActorKind.SYSTEM,
        "personal-data.rotate",
        null,
        "access.personal_field",
        Outcome.SUCCESS,
        details);
    return total;
  }

  private long rotateVault(int batchSize) {
    long total = 0;
    while (true) {
      Integer done =
          transaction.execute(
              status -> {
                List<Stored> batch = fields.lockNotUnder(cipher.activeKeyId(), batchSize);
                for (Stored stored : batch) {
                  var address = EncryptedFields.address(stored.key());
                  String value = cipher.decrypt(stored.ciphertext(), address);
                  fields.rewrite(
                      stored.key(), cipher.encrypt(value, address), cipher.activeKeyId());
                }
                return batch.size();
              });
      total += done;
      if (done < batchSize) break;
    }
    return total;
  }
}
