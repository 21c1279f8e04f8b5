package org.opendtm.tracking;

/** Which flags to list; null fields do not filter. */
public record FlagFilter(Severity severity, FlagStatus status, String rule) {

  public static FlagFilter all() {
    return new FlagFilter(null, null, null);
  }
}
