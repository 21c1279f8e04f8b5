package org.opendtm.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of one field at a time: AES-256-GCM from the JDK, a random 96-bit nonce
 * per value, and the field's {@link FieldAddress} as associated data.
 *
 * <p>Ciphertext format, version 1: {@code [1][n][key id: n ASCII bytes][nonce: 12][ciphertext +
 * 128-bit tag]}. The header (version and key id) is authenticated too. Any number of keys can
 * decrypt; the active one encrypts, so keys are rotated without downtime: configure the new key as
 * active next to the old ones, restart, and rewrite old values ({@code rotate-personal-data}).
 */
public class PersonalDataCipher {

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] DOMAIN = "opendtm personal field".getBytes(StandardCharsets.US_ASCII);
  static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param keys 256-bit keys by key id
   * @param activeKeyId the key that encrypts; must be one of {@code keys}
   */
  public PersonalDataCipher(Map<String, byte[]> keys, String activeKeyId) {
    Map<String, SecretKey> checked = new LinkedHashMap<>();
    keys.forEach(
        (id, key) -> {
          if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Key ids are 1 to 64 of A-Z a-z 0-9 . _ -: " + id);
          }
          if (key.length != 32) {
            throw new IllegalArgumentException(
                "Key " + id + " has " + key.length * 8 + " bits; AES-256 needs 256");
          }
          checked.put(id, new SecretKeySpec(key, "AES"));
        });
    if (!checked.containsKey(activeKeyId)) {
      throw new IllegalArgumentException(
          "The active key " + activeKeyId + " is not among the keys " + checked.keySet());
    }
    this.keys = Map.copyOf(checked);
    this.activeKeyId = activeKeyId;
  }

  /** The id of the key new values are encrypted with. */
  public String activeKeyId() {
    return activeKeyId;
  }

  /** Encrypts a value for the field at {@code address} under the active key. */
  public byte[] encrypt(String plaintext, FieldAddress address) {
    byte[] header = header(activeKeyId);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(header, address));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(header.length + NONCE_BYTES + sealed.length)
          .put(header)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Decrypts a value of the field at {@code address}.
   *
   * @throws UndecryptableException when the ciphertext was altered, belongs to another field or
   *     row, or names a key that is not configured
   */
  public String decrypt(byte[] ciphertext, FieldAddress address) {
    String keyId = keyIdOf(ciphertext);
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new UndecryptableException(
          "The value is encrypted with key " + keyId + ", which is not configured");
    }
    int headerLength = 2 + keyId.length();
    if (ciphertext.length < headerLength + NONCE_BYTES + TAG_BITS / 8) {
      throw new UndecryptableException("The ciphertext is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_BITS, ciphertext, headerLength, NONCE_BYTES));
      cipher.updateAAD(associatedData(header(keyId), address));
      byte[] plain =
          cipher.doFinal(
              ciphertext,
              headerLength + NONCE_BYTES,
              ciphertext.length - headerLength - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new UndecryptableException(
          "The value does not authenticate: altered, or not of field " + address);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The id of the key a ciphertext was made with, read from its header. */
  public static String keyIdOf(byte[] ciphertext) {
    if (ciphertext == null || ciphertext.length < 2 || ciphertext[0] != VERSION) {
      throw new UndecryptableException("Not a version-1 personal-data ciphertext");
    }
    int length = ciphertext[1] & 0xff;
    if (ciphertext.length < 2 + length) {
      throw new UndecryptableException("The ciphertext is too short");
    }
    return new String(ciphertext, 2, length, StandardCharsets.US_ASCII);
  }

  private static byte[] header(String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(2 + id.length).put(VERSION).put((byte) id.length).put(id).array();
  }

  private static byte[] associatedData(byte[] header, FieldAddress address) {
    byte[] field = address.bytes();
    return ByteBuffer.allocate(DOMAIN.length + header.length + field.length)
        .put(DOMAIN)
        .put(header)
        .put(field)
        .array();
  }

  /** A ciphertext that cannot be decrypted here; never carries the value. */
  public static class UndecryptableException extends RuntimeException {
    public UndecryptableException(String message) {
      super(message);
    }
  }
}
