package org.opendtm.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendtm.platform.crypto.PersonalDataCipher.UndecryptableException;

class PersonalDataCipherTest {

  private static final byte[] OLD = key(1);
  private static final byte[] NEW = key(2);
  private static final FieldAddress PHONE = new FieldAddress("households", "phone", "HH-1");

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  @Test
  void encryptsSoThatThePlaintextIsNotInTheBytesAndDecryptsBack() {
    PersonalDataCipher cipher = new PersonalDataCipher(Map.of("old", OLD), "old");
    byte[] sealed = cipher.encrypt("Amina Yusuf +236 70 00 00 00", PHONE);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Amina", "+236");
    assertThat(PersonalDataCipher.keyIdOf(sealed)).isEqualTo("old");
    assertThat(cipher.decrypt(sealed, PHONE)).isEqualTo("Amina Yusuf +236 70 00 00 00");
    // a random nonce per value: the same value twice gives different bytes
    assertThat(cipher.encrypt("Amina", PHONE)).isNotEqualTo(cipher.encrypt("Amina", PHONE));
  }

  @Test
  void aTamperedOrMovedCiphertextDoesNotDecrypt() {
    PersonalDataCipher cipher = new PersonalDataCipher(Map.of("old", OLD), "old");
    byte[] sealed = cipher.encrypt("Amina", PHONE);
    for (int i = 2 + 3; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 1;
      assertThatThrownBy(() -> cipher.decrypt(tampered, PHONE))
          .isInstanceOf(UndecryptableException.class);
    }
    assertThatThrownBy(
            () -> cipher.decrypt(sealed, new FieldAddress("households", "phone", "HH-2")))
        .as("another row")
        .isInstanceOf(UndecryptableException.class);
    assertThatThrownBy(() -> cipher.decrypt(sealed, new FieldAddress("households", "name", "HH-1")))
        .as("another column")
        .isInstanceOf(UndecryptableException.class);
    assertThatThrownBy(() -> cipher.decrypt(sealed, new FieldAddress("members", "phone", "HH-1")))
        .as("another table")
        .isInstanceOf(UndecryptableException.class);
    // the parts are length-prefixed: shifting characters between them changes the binding
    assertThatThrownBy(
            () -> cipher.decrypt(sealed, new FieldAddress("household", "sphone", "HH-1")))
        .isInstanceOf(UndecryptableException.class);
  }

  @Test
  void oldKeysDecryptTheActiveKeyEncryptsAndUnknownKeysAreNamed() {
    PersonalDataCipher before = new PersonalDataCipher(Map.of("old", OLD), "old");
    byte[] underOld = before.encrypt("Amina", PHONE);
    PersonalDataCipher after = new PersonalDataCipher(Map.of("old", OLD, "new", NEW), "new");
    assertThat(after.decrypt(underOld, PHONE)).isEqualTo("Amina");
    assertThat(PersonalDataCipher.keyIdOf(after.encrypt("Amina", PHONE))).isEqualTo("new");

    PersonalDataCipher withoutOld = new PersonalDataCipher(Map.of("new", NEW), "new");
    assertThatThrownBy(() -> withoutOld.decrypt(underOld, PHONE))
        .isInstanceOf(UndecryptableException.class)
        .hasMessageContaining("old")
        .hasMessageNotContaining("Amina");
    // a key id in the header cannot be swapped to make another key try the value
    byte[] relabelled = underOld.clone();
    relabelled[2] = 'n';
    relabelled[3] = 'e';
    relabelled[4] = 'w';
    assertThatThrownBy(() -> after.decrypt(relabelled, PHONE))
        .isInstanceOf(UndecryptableException.class);
  }

  @Test
  void refusesShortKeysAndAnActiveKeyThatIsNotConfigured() {
    assertThatThrownBy(() -> new PersonalDataCipher(Map.of("k", new byte[16]), "k"))
        .hasMessageContaining("256");
    assertThatThrownBy(() -> new PersonalDataCipher(Map.of("k", OLD), "other"))
        .hasMessageContaining("other");
  }

  @Test
  void generatesAPrivateKeyFileOnceAndReadsItAfterwards(@TempDir Path dataDir) throws Exception {
    Path file = dataDir.resolve(PersonalDataKeys.KEY_FILE);
    Properties first = PersonalDataKeys.loadOrGenerate(file);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(file)).contains("BACK THIS FILE UP");
    String active = first.getProperty("active");
    assertThat(first.getProperty(active)).isNotBlank();
    Properties second = PersonalDataKeys.loadOrGenerate(file);
    assertThat(second).isEqualTo(first);

    PersonalDataCipher cipher =
        PersonalDataKeys.cipher(Map.of(active, first.getProperty(active)), "", file.toString());
    assertThat(cipher.activeKeyId()).isEqualTo(active);
  }

  @Test
  void severalConfiguredKeysNeedAnActiveOne() {
    String b64 = java.util.Base64.getEncoder().encodeToString(OLD);
    assertThatThrownBy(() -> PersonalDataKeys.cipher(Map.of("a", b64, "b", b64), "", "test"))
        .hasMessageContaining("active-key");
    assertThat(PersonalDataKeys.cipher(Map.of("a", b64, "b", b64), "b", "test").activeKeyId())
        .isEqualTo("b");
  }

  @Test
  void keysComeFromTheEnvironmentVariableAsOneListOrFromTheConfigurationAsAMap() {
    String a = java.util.Base64.getEncoder().encodeToString(OLD);
    String b = java.util.Base64.getEncoder().encodeToString(NEW);
    var fromEnvironment = new org.springframework.core.env.StandardEnvironment();
    fromEnvironment
        .getPropertySources()
        .addFirst(
            new org.springframework.core.env.SystemEnvironmentPropertySource(
                "env", Map.of("OPENDTM_CRYPTO_KEYS", "old:" + a + ", new:" + b)));
    assertThat(PersonalDataKeys.configuredKeys(fromEnvironment))
        .containsExactlyInAnyOrderEntriesOf(Map.of("old", a, "new", b));

    var fromYaml = new org.springframework.core.env.StandardEnvironment();
    fromYaml
        .getPropertySources()
        .addFirst(
            new org.springframework.core.env.MapPropertySource(
                "yaml", Map.of("opendtm.crypto.keys.old", a, "opendtm.crypto.keys.new", b)));
    assertThat(PersonalDataKeys.configuredKeys(fromYaml))
        .containsExactlyInAnyOrderEntriesOf(Map.of("old", a, "new", b));
  }
}
