package org.opendtm.geography.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** ISO 3166 names and alpha-2 codes for alpha-3 codes, from the JDK's locale data. */
public final class Countries {

  private static final Map<String, String> ALPHA2_BY_ALPHA3 = new HashMap<>();

  static {
    for (String alpha2 : Locale.getISOCountries()) {
      Locale locale = new Locale("", alpha2);
      try {
        ALPHA2_BY_ALPHA3.put(locale.getISO3Country(), alpha2);
      } catch (java.util.MissingResourceException ignored) {
        // no alpha-3 known for this one
      }
    }
  }

  private Countries() {}

  public static Optional<String> alpha2(String alpha3) {
    return Optional.ofNullable(ALPHA2_BY_ALPHA3.get(alpha3.toUpperCase(Locale.ROOT)));
  }

  public static Optional<String> englishName(String alpha3) {
    return alpha2(alpha3).map(a2 -> new Locale("", a2).getDisplayCountry(Locale.ENGLISH));
  }

  /**
   * ISO 3166 reserves AAA–AAZ, QMA–QZZ, XAA–XZZ and ZZA–ZZZ for user-assigned codes, used for
   * fictional countries (the demo) and special areas.
   */
  public static boolean userAssigned(String alpha3) {
    String code = alpha3.toUpperCase(Locale.ROOT);
    return code.startsWith("AA")
        || code.startsWith("X")
        || code.startsWith("ZZ")
        || (code.charAt(0) == 'Q' && code.charAt(1) >= 'M');
  }
}
