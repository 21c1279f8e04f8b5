package org.opendtm.platform.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Where the personal-data keys come from, in this order:
 *
 * <ol>
 *   <li>{@code opendtm.crypto.keys}: a map key id → base64 256-bit key in the configuration, or the
 *       same as one string {@code id:base64,id:base64} (environment variable {@code
 *       OPENDTM_CRYPTO_KEYS}); {@code opendtm.crypto.active-key} ({@code
 *       OPENDTM_CRYPTO_ACTIVE_KEY}) names the key that encrypts, needed when there are several;
 *   <li>otherwise the key file {@code $OPENDTM_DATA_DIR/keys/personal-data.keys}, generated with
 *       one fresh key (permissions 0600) on the first start, and logged with a warning to back it
 *       up: without it the personal data are lost.
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
class PersonalDataKeys {

  private static final Logger log = LoggerFactory.getLogger(PersonalDataKeys.class);
  static final String KEY_FILE = "keys/personal-data.keys";
  private static final String ACTIVE = "active";

  @Bean
  PersonalDataCipher personalDataCipher(
      Environment environment,
      @Value("${opendtm.crypto.active-key:}") String activeKey,
      @Value("${opendtm.db.data-dir:./data}") Path dataDir) {
    Map<String, String> configured = configuredKeys(environment);
    if (!configured.isEmpty()) {
      return cipher(configured, activeKey, "the configuration (opendtm.crypto.keys)");
    }
    Path file = dataDir.resolve(KEY_FILE);
    Properties stored = loadOrGenerate(file);
    Map<String, String> keys = new LinkedHashMap<>();
    stored.stringPropertyNames().stream()
        .filter(name -> !name.equals(ACTIVE))
        .sorted()
        .forEach(name -> keys.put(name, stored.getProperty(name)));
    String active = activeKey.isBlank() ? stored.getProperty(ACTIVE, "") : activeKey;
    return cipher(keys, active, file.toAbsolutePath().toString());
  }

  static Map<String, String> configuredKeys(Environment environment) {
    Map<String, String> keys = new LinkedHashMap<>();
    try {
      Binder.get(environment)
          .bind("opendtm.crypto.keys", Bindable.mapOf(String.class, String.class))
          .ifBound(keys::putAll);
    } catch (RuntimeException notAMap) {
      // the environment-variable form is one string; read below
    }
    if (!keys.isEmpty()) return keys;
    String list = environment.getProperty("opendtm.crypto.keys", "");
    for (String entry : list.split(",")) {
      if (entry.isBlank()) continue;
      int colon = entry.indexOf(':');
      if (colon < 1) {
        throw new IllegalStateException(
            "OPENDTM_CRYPTO_KEYS is a list id:base64-key,id:base64-key; an entry has no id");
      }
      keys.put(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
    }
    return keys;
  }

  static PersonalDataCipher cipher(Map<String, String> base64Keys, String active, String source) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    base64Keys.forEach(
        (id, key) -> {
          try {
            keys.put(id, Base64.getDecoder().decode(key.strip()));
          } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Personal-data key " + id + " is not base64", e);
          }
        });
    String activeId = active;
    if (activeId == null || activeId.isBlank()) {
      if (keys.size() != 1) {
        throw new IllegalStateException(
            "Several personal-data keys in "
                + source
                + ": name the one that encrypts with opendtm.crypto.active-key");
      }
      activeId = keys.keySet().iterator().next();
    }
    PersonalDataCipher cipher = new PersonalDataCipher(keys, activeId);
    log.info(
        "Personal-data keys from {}: {} (active: {})", source, keys.keySet(), cipher.activeKeyId());
    return cipher;
  }

  /** Reads the key file, creating it with one new key when it does not exist. */
  static Properties loadOrGenerate(Path file) {
    try {
      Properties properties = new Properties();
      if (Files.exists(file)) {
        properties.load(new StringReader(Files.readString(file)));
        return properties;
      }
      Files.createDirectories(file.getParent());
      try {
        Files.setPosixFilePermissions(
            file.getParent(), PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the directory inherits the data directory's ACL
      }
      byte[] key = new byte[32];
      SecureRandom random = new SecureRandom();
      random.nextBytes(key);
      byte[] suffix = new byte[3];
      random.nextBytes(suffix);
      String id = "k" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
      id += "-" + HexFormat.of().formatHex(suffix);
      String content =
          "# OpenDTM personal-data keys: BACK THIS FILE UP. Without it encrypted personal data are"
              + " lost.\n"
              + ACTIVE
              + "="
              + id
              + "\n"
              + id
              + "="
              + Base64.getEncoder().encodeToString(key)
              + "\n";
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      }
      Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
      log.warn(
          "Generated a personal-data encryption key in {} (permissions 0600). BACK IT UP with the"
              + " database: encrypted personal data cannot be read without it. To manage keys"
              + " yourself, set OPENDTM_CRYPTO_KEYS (see docs/operations.md).",
          file.toAbsolutePath());
      properties.load(new StringReader(content));
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the key file " + file, e);
    }
  }
}
