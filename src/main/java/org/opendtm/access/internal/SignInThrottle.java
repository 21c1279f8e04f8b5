package org.opendtm.access.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.opendtm.access.AccountLocked;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins per account, counted in {@code access.sign_in_failure} so that a restart does not
 * reset them, and the delay or lock they impose ({@link SignInProperties}). Attempts refused while
 * the account waits or is locked are not counted: their password is never compared.
 */
@Component
class SignInThrottle {

  /** The failures of one account in its current window. */
  record Failures(int failures, Instant windowStart, Instant lastFailureAt, Instant lockedUntil) {}

  private final JdbcClient jdbc;
  private final SignInProperties settings;
  private final ApplicationEventPublisher events;

  SignInThrottle(JdbcClient jdbc, SignInProperties settings, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.settings = settings;
    this.events = events;
  }

  /** Until when the account may not try to sign in, or null when it may now. */
  static Instant blockedUntil(Failures state, Instant now, SignInProperties settings) {
    if (state == null) return null;
    if (state.lockedUntil() != null)
      return now.isBefore(state.lockedUntil()) ? state.lockedUntil() : null;
    if (!now.isBefore(state.windowStart().plus(settings.window()))) return null;
    int excess = state.failures() - settings.freeFailures();
    if (excess < 0) return null;
    Duration delay = Duration.ofSeconds(1L << Math.min(excess, 30));
    if (delay.compareTo(settings.maxDelay()) > 0) delay = settings.maxDelay();
    Instant until = state.lastFailureAt().plus(delay);
    return now.isBefore(until) ? until : null;
  }

  Instant blockedUntil(Failures state, Instant now) {
    return blockedUntil(state, now, settings);
  }

  Optional<Failures> find(long userId) {
    return jdbc.sql(
            """
            select failures, window_start, last_failure_at, locked_until
              from access.sign_in_failure where user_id = :user
            """)
        .param("user", userId)
        .query(
            (rs, row) ->
                new Failures(
                    rs.getInt("failures"),
                    rs.getTimestamp("window_start").toInstant(),
                    rs.getTimestamp("last_failure_at").toInstant(),
                    rs.getTimestamp("locked_until") == null
                        ? null
                        : rs.getTimestamp("locked_until").toInstant()))
        .optional();
  }

  /**
   * Counts a failed attempt (one statement, so concurrent failures are all counted) and locks the
   * account when it reaches the maximum; a window that is over, or an expired lock, starts afresh.
   */
  void recordFailure(long userId, String username, Instant now, String remoteAddress) {
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    OffsetDateTime windowOver = at.minus(settings.window());
    int failures =
        jdbc.sql(
                """
                insert into access.sign_in_failure as f
                       (user_id, window_start, failures, last_failure_at)
                values (:user, :now, 1, :now)
                on conflict (user_id) do update set
                  window_start = case when f.window_start <= :windowOver or f.locked_until <= :now
                                      then :now else f.window_start end,
                  failures = case when f.window_start <= :windowOver or f.locked_until <= :now
                                  then 1 else f.failures + 1 end,
                  locked_until = case when f.window_start <= :windowOver or f.locked_until <= :now
                                      then null else f.locked_until end,
                  last_failure_at = :now
                returning failures
                """)
            .param("user", userId)
            .param("now", at)
            .param("windowOver", windowOver)
            .query(Integer.class)
            .single();
    if (failures < settings.maxFailures()) return;
    OffsetDateTime lockedUntil = at.plus(settings.lockDuration());
    int locked =
        jdbc.sql(
                """
                update access.sign_in_failure set locked_until = :until
                 where user_id = :user and locked_until is null
                """)
            .param("user", userId)
            .param("until", lockedUntil)
            .update();
    if (locked == 1) {
      events.publishEvent(
          new AccountLocked(username, failures, lockedUntil.toInstant(), remoteAddress));
    }
  }

  /** A successful sign-in forgets the failures. */
  void reset(long userId) {
    jdbc.sql("delete from access.sign_in_failure where user_id = :user")
        .param("user", userId)
        .update();
  }
}
