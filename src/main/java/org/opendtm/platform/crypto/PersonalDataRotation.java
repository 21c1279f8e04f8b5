package org.opendtm.platform.crypto;

/**
 * A module's own ciphertexts made with {@link PersonalDataCipher}, kept in its own tables, that
 * {@code rotate-personal-data} must re-encrypt under the active key too. The command (in access)
 * calls every bean implementing this, so that it knows no module above it: a module with encrypted
 * secrets of its own (collection's enumerator Digest secrets) implements it.
 */
public interface PersonalDataRotation {

  /** What is rotated, for the command's output and the audit event (e.g. a table name). */
  String name();

  /**
   * Re-encrypts under the active key every value still under another key, in batches of one
   * transaction each, while the platform keeps running (readers decrypt old and new alike).
   *
   * @return how many values were rewritten
   */
  long rotate(int batchSize);
}
