package org.opendtm.access;

import java.time.Instant;

/**
 * Published when an account reaches the maximum of failed sign-ins in its window and is locked
 * until {@code lockedUntil}. A hook for the audit log; attempts refused during the lock are
 * reported by Spring Security as {@code AuthenticationFailureLockedEvent}s.
 *
 * @param remoteAddress the client address of the failed attempt that locked the account
 */
public record AccountLocked(
    String username, int failures, Instant lockedUntil, String remoteAddress) {}
