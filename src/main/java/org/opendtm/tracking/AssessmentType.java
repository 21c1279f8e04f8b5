package org.opendtm.tracking;

import java.util.Locale;
import java.util.Optional;

/** Baseline (admin area), site/location (MSLA) and emergency event tracking assessments. */
public enum AssessmentType {
  BA,
  SA,
  ETT;

  /** Reads the codes and the words files use: baseline, site, msla, location, event, eet. */
  public static Optional<AssessmentType> parse(String text) {
    if (text == null || text.isBlank()) return Optional.empty();
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "ba", "baseline", "baseline assessment" -> Optional.of(BA);
      case "sa", "site", "msla", "location", "site assessment", "location assessment" ->
          Optional.of(SA);
      case "ett", "eet", "event", "emergency", "emergency event" -> Optional.of(ETT);
      default -> Optional.empty();
    };
  }
}
