package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.access.internal.personal.EncryptedFields;
import org.opendtm.access.internal.personal.KeyRotation;
import org.opendtm.access.internal.personal.PersonalDataRetention;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.crypto.PersonalDataCipher;
import org.opendtm.platform.crypto.PersonalDataCipher.UndecryptableException;
import org.opendtm.support.MovableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ActiveProfiles;

/**
 * The personal-data vault on a real database: only ciphertexts are stored, a value read in clear
 * needs the right and leaves an audit event, altered or moved ciphertexts fail, the retention job
 * purges by a clock the test controls, and key rotation rewrites old ciphertexts.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "opendtm.crypto.keys.old=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
      "opendtm.crypto.active-key=test-1",
      "opendtm.personal-data.retention.pd-households=1h"
    })
@ActiveProfiles("test")
class PersonalFieldsIntegrationTest {

  private static final String OPERATION = "PD";
  private static final String PASSWORD = "personal-password-1";

  @TestConfiguration
  static class Clocks {
    // primary: the application's own Clock bean exists too, and Modulith's Moments wants one
    @Bean
    @org.springframework.context.annotation.Primary
    MovableClock testClock() {
      return new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    }
  }

  @Autowired PersonalFields personal;
  @Autowired EncryptedFields stored;
  @Autowired PersonalDataRetention retention;
  @Autowired KeyRotation rotation;
  @Autowired PersonalDataCipher cipher;
  @Autowired UserManagement users;
  @Autowired JdbcClient jdbc;
  @Autowired MovableClock clock;

  @BeforeEach
  void fixture() {
    if (users.exists("pd-manager")) return;
    users.createUser("pd-manager", PASSWORD, false);
    users.grant("pd-manager", OPERATION, OperationRole.MANAGER);
    users.createUser("pd-dpo", PASSWORD, false);
    users.grant("pd-dpo", OPERATION, OperationRole.DATA_PROTECTION);
    users.createUser("pd-partner", PASSWORD, false);
    users.grant("pd-partner", OPERATION, OperationRole.PARTNER);
    users.createUser("pd-other-manager", PASSWORD, false);
    users.grant("pd-other-manager", "PD-OTHER", OperationRole.MANAGER);
  }

  @AfterEach
  void signOut() {
    SecurityContextHolder.clearContext();
  }

  private static void signIn(String user) {
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                user, null, List.of(new SimpleGrantedAuthority("ROLE_USER"))));
  }

  private static PersonalFieldKey key(String dataset, String record, String field) {
    return new PersonalFieldKey(OPERATION, dataset, record, field);
  }

  private byte[] rawCiphertext(PersonalFieldKey key) {
    return stored.find(key).orElseThrow();
  }

  private List<Map<String, Object>> events(String action) {
    return jdbc.sql(
            """
            select actor, operation_code, target, outcome, details::text as details
              from access.audit_event where action = :action order by id
            """)
        .param("action", action)
        .query()
        .listOfRows();
  }

  @Test
  void theDatabaseHoldsOnlyCiphertext() {
    personal.store(key("households", "HH-1", "name"), "Amina Yusuf");
    byte[] bytes = rawCiphertext(key("households", "HH-1", "name"));
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("Amina", "Yusuf");
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from access.personal_field
                     where position(convert_to('Amina', 'UTF8') in ciphertext) > 0
                    """)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(PersonalDataCipher.keyIdOf(bytes)).isEqualTo("test-1");
    assertThat(events("personal-data.store"))
        .anySatisfy(e -> assertThat(e).containsEntry("target", "households/HH-1/name"));
  }

  @Test
  void readingInClearNeedsTheRightAndIsAudited() {
    personal.store(key("households", "HH-2", "phone"), "+236 70 12 34 56");

    signIn("pd-manager");
    assertThat(personal.read(key("households", "HH-2", "phone"), "household visit"))
        .contains("+236 70 12 34 56");
    assertThat(events("personal-data.read"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("actor", "pd-manager")
                    .containsEntry("operation_code", OPERATION)
                    .containsEntry("target", "households/HH-2/phone")
                    .containsEntry("outcome", "SUCCESS")
                    .containsEntry("details", "{\"purpose\": \"household visit\"}"));

    for (String user : List.of("pd-dpo", "pd-partner", "pd-other-manager")) {
      signIn(user);
      assertThatThrownBy(() -> personal.read(key("households", "HH-2", "phone"), "curiosity"))
          .as(user)
          .isInstanceOf(OpenDtmException.class)
          .hasMessageContaining("READ_PERSONAL_DATA");
      assertThat(events("personal-data.read"))
          .anySatisfy(
              e -> assertThat(e).containsEntry("actor", user).containsEntry("outcome", "DENIED"));
    }
    SecurityContextHolder.clearContext();
    assertThatThrownBy(() -> personal.read(key("households", "HH-2", "phone"), "a job"))
        .isInstanceOf(OpenDtmException.class);

    String log =
        String.join(
            "\n",
            jdbc.sql("select concat_ws('|', actor, target, details::text) from access.audit_event")
                .query(String.class)
                .list());
    assertThat(log).doesNotContain("70 12 34 56");
  }

  @Test
  void alteredOrMovedCiphertextsDoNotDecrypt() {
    personal.store(key("households", "HH-3", "phone"), "+236 70 00 00 03");
    personal.store(key("households", "HH-4", "phone"), "+236 70 00 00 04");
    personal.store(key("households", "HH-3", "name"), "Idriss");
    signIn("pd-manager");

    // one bit flipped in the database
    byte[] altered = rawCiphertext(key("households", "HH-3", "phone"));
    altered[altered.length - 1] ^= 1;
    stored.rewrite(key("households", "HH-3", "phone"), altered, "test-1");
    assertThatThrownBy(() -> personal.read(key("households", "HH-3", "phone"), "test"))
        .isInstanceOf(UndecryptableException.class)
        .hasMessageNotContaining("70 00");

    // another record's phone copied over this record's phone, or over its name
    byte[] hh4 = rawCiphertext(key("households", "HH-4", "phone"));
    stored.rewrite(key("households", "HH-3", "phone"), hh4, "test-1");
    assertThatThrownBy(() -> personal.read(key("households", "HH-3", "phone"), "test"))
        .isInstanceOf(UndecryptableException.class);
    stored.rewrite(key("households", "HH-3", "name"), hh4, "test-1");
    assertThatThrownBy(() -> personal.read(key("households", "HH-3", "name"), "test"))
        .isInstanceOf(UndecryptableException.class);
    assertThat(personal.read(key("households", "HH-4", "phone"), "test"))
        .contains("+236 70 00 00 04");

    assertThat(personal.purgeRecord(OPERATION, "households", "HH-3")).isEqualTo(2);
    assertThat(stored.find(key("households", "HH-3", "name"))).isEmpty();
    assertThat(events("personal-data.purge"))
        .anySatisfy(e -> assertThat(e).containsEntry("details", "{\"fields\": 2}"));
  }

  @Test
  void retentionPurgesExpiredFieldsByTheClockWithAnAuditEventOfCounts() {
    clock.set(Instant.parse("2026-02-01T00:00:00Z"));
    personal.store(key("pd-households", "HH-10", "name"), "Old Name");
    personal.store(key("pd-households", "HH-10", "phone"), "+236 70 00 00 10");
    personal.store(key("pd-other-dataset", "HH-10", "name"), "Kept Name"); // no retention set
    clock.set(clock.instant().plus(Duration.ofMinutes(50)));
    personal.store(key("pd-households", "HH-11", "name"), "New Name");

    assertThat(retention.purgeExpired()).as("nothing is an hour old yet").isZero();
    clock.set(clock.instant().plus(Duration.ofMinutes(20))); // HH-10 is 70 minutes old, HH-11 is 20
    assertThat(retention.purgeExpired()).isEqualTo(2);
    assertThat(stored.find(key("pd-households", "HH-10", "name"))).isEmpty();
    assertThat(stored.find(key("pd-households", "HH-11", "name"))).isPresent();
    assertThat(stored.find(key("pd-other-dataset", "HH-10", "name"))).isPresent();
    assertThat(events("personal-data.retention-purge"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e)
                  .containsEntry("actor", "system")
                  .containsEntry("operation_code", OPERATION)
                  .containsEntry("target", "pd-households");
              assertThat((String) e.get("details"))
                  .contains("\"fields\": 2", "\"retention\": \"PT1H\"")
                  .doesNotContain("Name", "HH-10");
            });
  }

  @Test
  void rotationRewritesOldCiphertextsUnderTheActiveKeyAndValuesSurvive() {
    // fields written before the rotation, under the key "old"
    byte[] oldKey = Base64.getDecoder().decode("AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=");
    PersonalDataCipher before = new PersonalDataCipher(Map.of("old", oldKey), "old");
    for (int i = 0; i < 5; i++) {
      PersonalFieldKey key = key("rotated", "R-" + i, "name");
      stored.upsert(
          key,
          before.encrypt("Name " + i, EncryptedFields.address(key)),
          "old",
          Instant.parse("2026-01-01T00:00:00Z"));
    }
    signIn("pd-manager");
    assertThat(personal.read(key("rotated", "R-0", "name"), "before")).contains("Name 0");

    assertThat(rotation.rotate(2)).isEqualTo(5);
    assertThat(
            jdbc.sql("select distinct key_id from access.personal_field where dataset = 'rotated'")
                .query(String.class)
                .list())
        .containsExactly("test-1");
    for (int i = 0; i < 5; i++) {
      byte[] now = rawCiphertext(key("rotated", "R-" + i, "name"));
      assertThat(PersonalDataCipher.keyIdOf(now)).isEqualTo("test-1");
      assertThat(personal.read(key("rotated", "R-" + i, "name"), "after")).contains("Name " + i);
    }
    // the stored time is kept: rotation does not restart the retention period
    assertThat(
            jdbc.sql(
                    "select min(stored_at) = max(stored_at) from access.personal_field"
                        + " where dataset = 'rotated'")
                .query(Boolean.class)
                .single())
        .isTrue();
    assertThat(rotation.rotate(2)).as("nothing left to rotate").isZero();
    assertThat(events("personal-data.rotate"))
        .anySatisfy(e -> assertThat((String) e.get("details")).contains("\"fields\": 5"));
    assertThat(cipher.activeKeyId()).isEqualTo("test-1");
  }
}
