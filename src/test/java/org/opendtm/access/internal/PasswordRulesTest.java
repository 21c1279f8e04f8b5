package org.opendtm.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordRulesTest {

  @Test
  void refusesShortCommonAndPatternedPasswords() {
    assertThat(PasswordRules.reasons("ana", "short-pass1")).contains("at least 12 characters");
    assertThat(PasswordRules.reasons("ana", "password1234")).contains("not a common password");
    assertThat(PasswordRules.reasons("ana", "P@ssw0rd2024!")).contains("not a common password");
    assertThat(PasswordRules.reasons("ana", "Summer2024!!")).contains("not a common password");
    assertThat(PasswordRules.reasons("ana", "Welcome12345")).contains("not a common password");
    assertThat(PasswordRules.reasons("ana", "1qaz2wsx3edc")).contains("not a common password");
    assertThat(PasswordRules.reasons("ana", "qwertyuiop123")).contains("not a common password");
    assertThat(PasswordRules.reasons("ana", "aaaaaaaaaaaaaa"))
        .contains("not one character repeated");
    assertThat(PasswordRules.reasons("ana", "123456789012"))
        .contains("not a simple sequence such as 123456789012 or abcdefghijkl");
    assertThat(PasswordRules.reasons("ana", "9876543210987"))
        .contains("not a simple sequence such as 123456789012 or abcdefghijkl");
    assertThat(PasswordRules.reasons("ana", "abcdefghijklm"))
        .contains("not a simple sequence such as 123456789012 or abcdefghijkl");
    assertThat(PasswordRules.reasons("ana", "abcabcabcabc"))
        .contains("not a short or common word repeated");
    assertThat(PasswordRules.reasons("ana", "dragondragon")).isNotEmpty();
    assertThat(PasswordRules.reasons("jean.dupont", "jean.dupont2024"))
        .contains("not the user name");
  }

  @Test
  void acceptsPassphrasesAndRandomPasswords() {
    assertThat(PasswordRules.reasons("ana", "correct horse battery staple")).isEmpty();
    assertThat(PasswordRules.reasons("ana", "Kx9#mQ2!vLp7")).isEmpty();
    assertThat(PasswordRules.reasons("admin", "test-admin-password-1")).isEmpty();
    assertThat(PasswordRules.reasons("mx-manager", "matrix-password-1")).isEmpty();
  }
}
