package org.opendtm.access.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.opendtm.access.AccessErrorCode;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;

/**
 * What a password must be: at least {@value #MIN_LENGTH} characters, not on the list of common
 * passwords ({@code access/common-passwords.txt}) — also not once trailing digits and symbols are
 * stripped and simple look-alike substitutions undone ({@code P@ssw0rd2024!} is {@code password}) —
 * not the user name, not one character repeated, not a run such as {@code 123456789012} or {@code
 * abcdefghijkl}, and not a short unit repeated ({@code adminadminadmin}).
 */
final class PasswordRules {

  static final int MIN_LENGTH = 12;

  /** Long enough for any passphrase; bounds the hashing work an attacker can ask for. */
  static final int MAX_LENGTH = 256;

  private static final Set<String> COMMON = load();

  private PasswordRules() {}

  /**
   * Throws {@code WEAK_PASSWORD} (422) listing every rule the password breaks.
   *
   * @param field the request field named in the error ({@code password}, {@code new})
   */
  static void check(String username, String password, String field) {
    List<String> reasons = reasons(username, password);
    if (reasons.isEmpty()) return;
    throw new OpenDtmException(
        AccessErrorCode.WEAK_PASSWORD,
        "The password is too weak: " + String.join("; ", reasons),
        reasons.stream().map(reason -> InputError.field(field, reason)).toList());
  }

  /** The rules the password breaks, empty when it is acceptable. */
  static List<String> reasons(String username, String password) {
    List<String> reasons = new ArrayList<>();
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      reasons.add("at least " + MIN_LENGTH + " characters");
      if (password == null || password.isEmpty()) return reasons;
    }
    if (password.length() > MAX_LENGTH) reasons.add("at most " + MAX_LENGTH + " characters");
    String lower = password.toLowerCase(Locale.ROOT);
    String base = base(lower);
    if (username != null && !username.isBlank()) {
      String user = username.toLowerCase(Locale.ROOT);
      String reversed = new StringBuilder(user).reverse().toString();
      if (lower.equals(user) || base.equals(user) || base.equals(reversed)) {
        reasons.add("not the user name");
      }
    }
    if (lower.chars().distinct().count() == 1) {
      reasons.add("not one character repeated");
    } else if (isRun(lower)) {
      reasons.add("not a simple sequence such as 123456789012 or abcdefghijkl");
    } else if (isCommon(lower) || isCommon(base)) {
      reasons.add("not a common password");
    } else {
      String unit = repeatedUnit(lower);
      if (unit != null && (unit.length() <= 4 || isCommon(unit) || isCommon(base(unit)))) {
        reasons.add("not a short or common word repeated");
      }
    }
    return reasons;
  }

  private static boolean isCommon(String candidate) {
    return COMMON.contains(candidate) || COMMON.contains(candidate.replaceAll("[\\s._-]", ""));
  }

  /**
   * The password without its trailing (and leading) digits and symbols, with look-alike characters
   * replaced by the letters they stand for: what people decorate a common word with.
   */
  static String base(String lower) {
    String stripped = lower.replaceAll("[\\d\\p{Punct}\\s]+$", "").replaceAll("^\\d+", "");
    StringBuilder out = new StringBuilder(stripped.length());
    for (char c : stripped.toCharArray()) {
      out.append(
          switch (c) {
            case '@', '4' -> 'a';
            case '3' -> 'e';
            case '1', '!' -> 'i';
            case '0' -> 'o';
            case '$', '5' -> 's';
            case '7' -> 't';
            default -> c;
          });
    }
    return out.toString();
  }

  /** Every character one more, or one less, than the one before (digits wrap: ...890123). */
  private static boolean isRun(String lower) {
    boolean up = true;
    boolean down = true;
    for (int i = 1; i < lower.length(); i++) {
      char previous = lower.charAt(i - 1);
      char c = lower.charAt(i);
      boolean digits = Character.isDigit(previous) && Character.isDigit(c);
      int step = digits ? Math.floorMod(c - previous, 10) : c - previous;
      up &= step == 1;
      down &= digits ? step == 9 : step == -1;
    }
    return up || down;
  }

  /** The shortest unit the password is a repetition of, or null. */
  private static String repeatedUnit(String lower) {
    int n = lower.length();
    for (int size = 1; size <= n / 2; size++) {
      if (n % size != 0) continue;
      String unit = lower.substring(0, size);
      if (unit.repeat(n / size).equals(lower)) return unit;
    }
    return null;
  }

  private static Set<String> load() {
    Set<String> common = new HashSet<>();
    try (InputStream in = PasswordRules.class.getResourceAsStream("/access/common-passwords.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String entry = line.strip().toLowerCase(Locale.ROOT);
        if (!entry.isEmpty() && !entry.startsWith("#")) common.add(entry);
      }
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(
          "access/common-passwords.txt is missing from the class path",
          e instanceof IOException io ? io : new IOException(e));
    }
    return Set.copyOf(common);
  }
}
