package org.opendtm.access;

import java.time.Instant;

/**
 * Filters of an audit-log search; {@code null} means "any". {@code from} is inclusive, {@code to}
 * exclusive; {@code action} matches as a prefix ({@code sign-in} finds both outcomes' actions).
 */
public record AuditQuery(
    Instant from,
    Instant to,
    String actor,
    String operation,
    String action,
    AuditEntry.Outcome outcome) {

  public static AuditQuery any() {
    return new AuditQuery(null, null, null, null, null, null);
  }
}
