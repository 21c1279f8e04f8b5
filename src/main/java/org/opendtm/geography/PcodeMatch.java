package org.opendtm.geography;

/**
 * A P-code as written in a file, resolved to a unit. {@code rule} names the normalisation that made
 * it match (e.g. {@code COUNTRY_PREFIX} for {@code CF12} → {@code CAF12}); null for an exact match.
 * Matches by rule are reported to the user, never applied silently.
 */
public record PcodeMatch(String written, AdminUnit unit, String rule) {

  public boolean exact() {
    return rule == null;
  }
}
