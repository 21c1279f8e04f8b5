package org.opendtm.access;

import java.time.Instant;
import java.util.Map;

/**
 * One event of the audit log: who ({@code actor}, a user name, {@code anonymous} or {@code
 * system}), what ({@code action} on {@code target}, in {@code operationCode} if any), when, from
 * where, and how it ended. {@code details} hold counts, codes and filters, never personal data.
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    ActorKind actorKind,
    String operationCode,
    String action,
    String target,
    Outcome outcome,
    String remoteAddress,
    String userAgent,
    Map<String, Object> details) {

  /** Who acted: a signed-in user, an API token, nobody signed in, or the platform itself. */
  public enum ActorKind {
    USER,
    TOKEN,
    ANONYMOUS,
    SYSTEM
  }

  /** How it ended: done, failed (bad input, error), or refused (not signed in, no right). */
  public enum Outcome {
    SUCCESS,
    FAILURE,
    DENIED
  }
}
