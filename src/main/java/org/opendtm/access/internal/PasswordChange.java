package org.opendtm.access.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.opendtm.access.AccessErrorCode;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Changes a password after checking the current one. A wrong current password counts as a failed
 * sign-in (and is refused unchecked while the account must wait), so that this endpoint is no way
 * around the lock-out for someone holding a stolen session.
 */
@Component
public class PasswordChange {

  private final Users users;
  private final PasswordEncoder encoder;
  private final SignInThrottle throttle;
  private final Clock clock;

  PasswordChange(Users users, PasswordEncoder encoder, SignInThrottle throttle, Clock clock) {
    this.users = users;
    this.encoder = encoder;
    this.throttle = throttle;
    this.clock = clock;
  }

  /** Replaces the password; 422 for a missing, wrong or weak field, listing each. */
  public void change(String username, String current, String next, String remoteAddress) {
    if (current == null || current.isEmpty() || next == null || next.isEmpty()) {
      throw new OpenDtmException(
          AccessErrorCode.INVALID_INPUT,
          "Give {\"current\": ..., \"new\": ...}",
          List.of(
              new InputError(null, "current", null, "required"),
              new InputError(null, "new", null, "required")));
    }
    Users.Account account =
        users
            .find(username)
            .orElseThrow(
                () -> new NotFoundException(AccessErrorCode.UNKNOWN_USER, "No user " + username));
    Instant now = clock.instant();
    Instant blockedUntil = throttle.blockedUntil(throttle.find(account.id()).orElse(null), now);
    boolean matches = encoder.matches(current, account.passwordHash());
    if (blockedUntil != null || !matches) {
      if (blockedUntil == null) throttle.recordFailure(account.id(), username, now, remoteAddress);
      throw new OpenDtmException(
          AccessErrorCode.WRONG_PASSWORD,
          "The current password is wrong, or there were too many failed attempts; try again later",
          List.of(new InputError(null, "current", null, "wrong")));
    }
    PasswordRules.check(username, next, "new");
    if (next.equals(current)) {
      throw new OpenDtmException(
          AccessErrorCode.WEAK_PASSWORD,
          "The new password is the current one",
          List.of(new InputError(null, "new", null, "differs from the current password")));
    }
    users.updatePasswordHash(username, encoder.encode(next), true);
    throttle.reset(account.id());
  }
}
