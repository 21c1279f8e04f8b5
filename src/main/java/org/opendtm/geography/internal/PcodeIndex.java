package org.opendtm.geography.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.PcodeMatch;

/**
 * Finds the unit a written P-code designates: exactly (trimmed, case-insensitive), else by one of a
 * few named rules, never by similarity. A rule that leads to two different P-codes is ambiguous and
 * matches nothing.
 *
 * <ul>
 *   <li>{@value #COUNTRY_PREFIX}: the country prefix written as ISO alpha-2 instead of alpha-3 or
 *       the reverse ({@code CF12} ↔ {@code CAF12}, {@code TD07} ↔ {@code TCD07});
 *   <li>{@value #SEPARATORS}: spaces, {@code -}, {@code _} and {@code .} left out ({@code NG-001} →
 *       {@code NG001});
 *   <li>both rules together, reported as {@code COUNTRY_PREFIX+SEPARATORS}.
 * </ul>
 *
 * When the same P-code has several versions, the current one wins, else the most recently retired.
 */
public final class PcodeIndex {

  public static final String COUNTRY_PREFIX = "COUNTRY_PREFIX";
  public static final String SEPARATORS = "SEPARATORS";

  private final Map<String, AdminUnit> byPcode = new HashMap<>();
  private final Map<String, Set<String>> pcodesBySqueezed = new HashMap<>();
  private final String alpha2;
  private final String alpha3;

  /**
   * @param alpha3 the operation's country code (upper case)
   * @param alpha2 its two-letter prefix, or null when unknown (then the prefix rule is off)
   */
  public PcodeIndex(Collection<AdminUnit> units, String alpha3, String alpha2) {
    this.alpha3 = alpha3 == null ? null : alpha3.toUpperCase(Locale.ROOT);
    this.alpha2 = alpha2 == null ? null : alpha2.toUpperCase(Locale.ROOT);
    for (AdminUnit unit : units) {
      String key = key(unit.pcode());
      AdminUnit known = byPcode.get(key);
      if (known == null || better(unit, known)) byPcode.put(key, unit);
      pcodesBySqueezed.computeIfAbsent(squeeze(key), k -> new LinkedHashSet<>()).add(key);
    }
  }

  /** The two-letter country prefix of an operation: ISO alpha-2, else the adm0 unit's P-code. */
  public static String alpha2Prefix(String alpha3, Collection<AdminUnit> units) {
    if (!Countries.userAssigned(alpha3)) {
      Optional<String> iso = Countries.alpha2(alpha3);
      if (iso.isPresent()) return iso.get();
    }
    for (AdminUnit unit : units) {
      if (unit.level() == 0 && unit.validTo() == null) {
        String code = key(unit.pcode());
        if (code.length() >= 2
            && Character.isLetter(code.charAt(0))
            && Character.isLetter(code.charAt(1)))
          if (!code.startsWith(alpha3.toUpperCase(Locale.ROOT)) || code.length() == 2)
            return code.substring(0, 2);
      }
    }
    return null;
  }

  private static boolean better(AdminUnit candidate, AdminUnit known) {
    if (known.validTo() == null) return false;
    if (candidate.validTo() == null) return true;
    return candidate.validTo().isAfter(known.validTo());
  }

  /** The unit a written P-code designates, and the rule used when it was not written exactly. */
  public Optional<PcodeMatch> match(String written) {
    if (written == null || written.isBlank()) return Optional.empty();
    String key = key(written);
    AdminUnit exact = byPcode.get(key);
    if (exact != null) return Optional.of(new PcodeMatch(written, exact, null));

    Set<String> prefixed = new LinkedHashSet<>();
    for (String candidate : swapPrefix(key))
      if (byPcode.containsKey(candidate)) prefixed.add(candidate);
    if (prefixed.size() == 1) return found(written, prefixed, COUNTRY_PREFIX);
    if (prefixed.size() > 1) return Optional.empty();

    Set<String> squeezed = pcodesBySqueezed.getOrDefault(squeeze(key), Set.of());
    if (squeezed.size() == 1) return found(written, squeezed, SEPARATORS);
    if (squeezed.size() > 1) return Optional.empty();

    Set<String> both = new LinkedHashSet<>();
    for (String candidate : swapPrefix(squeeze(key)))
      both.addAll(pcodesBySqueezed.getOrDefault(candidate, Set.of()));
    if (both.size() == 1) return found(written, both, COUNTRY_PREFIX + "+" + SEPARATORS);
    return Optional.empty();
  }

  private Optional<PcodeMatch> found(String written, Set<String> pcodes, String rule) {
    return Optional.of(new PcodeMatch(written, byPcode.get(pcodes.iterator().next()), rule));
  }

  private List<String> swapPrefix(String key) {
    List<String> candidates = new ArrayList<>(2);
    if (alpha2 == null || alpha3 == null || alpha2.equals(alpha3)) return candidates;
    if (key.startsWith(alpha3)) candidates.add(alpha2 + key.substring(alpha3.length()));
    if (key.startsWith(alpha2)) candidates.add(alpha3 + key.substring(alpha2.length()));
    return candidates;
  }

  static String key(String pcode) {
    return pcode.strip().toUpperCase(Locale.ROOT);
  }

  static String squeeze(String key) {
    StringBuilder text = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c != '-' && c != '_' && c != '.' && !Character.isWhitespace(c)) text.append(c);
    }
    return text.toString();
  }
}
