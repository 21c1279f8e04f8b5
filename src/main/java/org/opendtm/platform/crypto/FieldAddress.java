package org.opendtm.platform.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where an encrypted value lives: table, column and row key. It is bound to the ciphertext as
 * associated data, so a ciphertext copied to another field or row no longer decrypts.
 */
public record FieldAddress(String table, String column, String rowKey) {

  public FieldAddress {
    if (table == null || column == null || rowKey == null) {
      throw new IllegalArgumentException("table, column and row key are all needed");
    }
  }

  /** Length-prefixed parts, so that ("ab", "c") and ("a", "bc") never give the same bytes. */
  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : new String[] {table, column, rowKey}) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length >>> 24);
      out.write(bytes.length >>> 16);
      out.write(bytes.length >>> 8);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }
}
