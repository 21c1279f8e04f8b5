package org.opendtm.collection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendtm.access.internal.personal.KeyRotation;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.platform.crypto.FieldAddress;
import org.opendtm.platform.crypto.PersonalDataCipher;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code rotate-personal-data} re-encrypts enumerators' Digest secrets too (collection's own
 * ciphertexts, reached through the {@code PersonalDataRotation} SPI): secrets made under a retired
 * key end up under the active one, with the same value, and Collect can still sign in.
 */
@TestPropertySource(
    properties = {
      "opendtm.crypto.keys.old=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
      "opendtm.crypto.active-key=test-1"
    })
class EnumeratorSecretsRotationIntegrationTest extends ApiTestSupport {

  @Autowired KeyRotation rotation;
  @Autowired PersonalDataCipher cipher;
  @Autowired GeographyManagement geography;
  @Autowired JdbcClient jdbc;

  record Secrets(byte[] md5, byte[] sha256) {}

  Secrets secrets(String username) {
    return jdbc.sql(
            "select ha1_md5 as md5, ha1_sha256 as sha256 from collection.enumerator"
                + " where username = :u")
        .param("u", username)
        .query(Secrets.class)
        .single();
  }

  static FieldAddress address(String username, String column) {
    return new FieldAddress("collection.enumerator", column, username);
  }

  @Test
  void digestSecretsUnderAnOldKeyAreReencryptedUnderTheActiveOne() {
    geography.createOperation(new NewOperation("ROT", "Rotation", "CAF"));
    ResponseEntity<JsonNode> created =
        admin()
            .postForEntity(
                url("/api/v1/operations/ROT/enumerators"),
                Map.of("username", "rot.enum", "displayName", "Rotated"),
                JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String password = created.getBody().path("password").asText();

    // as if issued before the key "old" was retired: the same secrets, under "old"
    Secrets issued = secrets("rot.enum");
    String md5 = cipher.decrypt(issued.md5(), address("rot.enum", "ha1_md5"));
    String sha256 = cipher.decrypt(issued.sha256(), address("rot.enum", "ha1_sha256"));
    PersonalDataCipher old =
        new PersonalDataCipher(
            Map.of(
                "old", Base64.getDecoder().decode("AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=")),
            "old");
    jdbc.sql(
            "update collection.enumerator set ha1_md5 = :md5, ha1_sha256 = :sha256"
                + " where username = 'rot.enum'")
        .param("md5", old.encrypt(md5, address("rot.enum", "ha1_md5")))
        .param("sha256", old.encrypt(sha256, address("rot.enum", "ha1_sha256")))
        .update();
    assertThat(PersonalDataCipher.keyIdOf(secrets("rot.enum").md5())).isEqualTo("old");

    long rewritten = rotation.rotate(1);

    Secrets rotated = secrets("rot.enum");
    assertThat(rewritten).isGreaterThanOrEqualTo(2);
    assertThat(PersonalDataCipher.keyIdOf(rotated.md5())).isEqualTo("test-1");
    assertThat(PersonalDataCipher.keyIdOf(rotated.sha256())).isEqualTo("test-1");
    assertThat(cipher.decrypt(rotated.md5(), address("rot.enum", "ha1_md5"))).isEqualTo(md5);
    assertThat(cipher.decrypt(rotated.sha256(), address("rot.enum", "ha1_sha256")))
        .isEqualTo(sha256);
    // nothing left under the old key: a second run rewrites nothing of collection's
    assertThat(rotation.rotate(1)).isZero();
    // and Collect signs in with the same password
    CollectClient collect = new CollectClient("rot.enum", password, "MD5");
    assertThat(collect.head(url("/openrosa/ROT/submission")).statusCode()).isEqualTo(204);
  }
}
