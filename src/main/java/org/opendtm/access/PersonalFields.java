package org.opendtm.access;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.internal.personal.EncryptedFields;
import org.opendtm.platform.crypto.PersonalDataCipher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The personal-data vault: names, phone numbers, exact household coordinates, ID numbers are kept
 * here, each field encrypted on its own ({@link PersonalDataCipher}) and bound to its operation,
 * dataset, record and field. The database holds only ciphertexts.
 *
 * <p>Reading a value in clear goes through {@link #read} only: it needs {@link
 * Right#READ_PERSONAL_DATA} in the operation and writes an audit event (never the value). Storing
 * and purging are audited as well. Fields are purged after their dataset's retention period.
 */
@Service
public class PersonalFields {

  private final EncryptedFields fields;
  private final PersonalDataCipher cipher;
  private final AccessPolicy access;
  private final AuditLog audit;
  private final Clock clock;

  PersonalFields(
      EncryptedFields fields,
      PersonalDataCipher cipher,
      AccessPolicy access,
      AuditLog audit,
      ObjectProvider<Clock> clock) {
    this.fields = fields;
    this.cipher = cipher;
    this.access = access;
    this.audit = audit;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /** Encrypts and stores (or replaces) one field; the retention period starts now. */
  @Transactional
  public void store(PersonalFieldKey key, String value) {
    fields.upsert(
        key,
        cipher.encrypt(value, EncryptedFields.address(key)),
        cipher.activeKeyId(),
        clock.instant());
    audit.record(
        "personal-data.store", key.operationCode(), target(key), Outcome.SUCCESS, Map.of());
  }

  /**
   * The field in clear, for a caller holding {@link Right#READ_PERSONAL_DATA} in the operation;
   * every call is audited with the purpose, successful or refused.
   *
   * @param purpose why the value is read (kept in the audit log), e.g. {@code household visit}
   * @throws org.opendtm.platform.OpenDtmException 403 without the right
   */
  public Optional<String> read(PersonalFieldKey key, String purpose) {
    Map<String, Object> details = Map.of("purpose", purpose == null ? "" : purpose);
    if (!access.holds(key.operationCode(), Right.READ_PERSONAL_DATA)) {
      audit.record("personal-data.read", key.operationCode(), target(key), Outcome.DENIED, details);
      access.require(key.operationCode(), Right.READ_PERSONAL_DATA);
    }
    Optional<String> value =
        fields.find(key).map(c -> cipher.decrypt(c, EncryptedFields.address(key)));
    audit.record(
        "personal-data.read",
        key.operationCode(),
        target(key),
        value.isPresent() ? Outcome.SUCCESS : Outcome.FAILURE,
        value.isPresent() ? details : Map.of("purpose", details.get("purpose"), "found", false));
    return value;
  }

  /** Deletes every personal field of one record (e.g. on a data subject's request). */
  @Transactional
  public int purgeRecord(String operationCode, String dataset, String recordKey) {
    int purged = fields.deleteRecord(operationCode, dataset, recordKey);
    audit.record(
        "personal-data.purge",
        operationCode,
        dataset + "/" + recordKey,
        Outcome.SUCCESS,
        Map.of("fields", purged));
    return purged;
  }

  private static String target(PersonalFieldKey key) {
    return key.dataset() + "/" + key.recordKey() + "/" + key.field();
  }
}
