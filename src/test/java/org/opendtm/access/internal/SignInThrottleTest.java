package org.opendtm.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

  private static final SignInProperties SETTINGS =
      new SignInProperties(
          5,
          Duration.ofSeconds(30),
          100,
          Duration.ofHours(1),
          Duration.ofHours(1),
          Duration.ofHours(12));
  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  private static Instant blocked(int failures, Instant last, Instant locked, Instant now) {
    return SignInThrottle.blockedUntil(
        new SignInThrottle.Failures(failures, T, last, locked), now, SETTINGS);
  }

  @Test
  void theFirstFailuresCostNothingThenTheDelayDoublesUpToItsMaximum() {
    assertThat(blocked(4, T, null, T)).isNull();
    assertThat(blocked(5, T, null, T)).isEqualTo(T.plusSeconds(1));
    assertThat(blocked(6, T, null, T)).isEqualTo(T.plusSeconds(2));
    assertThat(blocked(9, T, null, T)).isEqualTo(T.plusSeconds(16));
    assertThat(blocked(10, T, null, T)).isEqualTo(T.plusSeconds(30));
    assertThat(blocked(99, T, null, T)).isEqualTo(T.plusSeconds(30));
    assertThat(blocked(99, T, null, T.plusSeconds(30))).isNull();
  }

  @Test
  void aLockHoldsUntilItEndsAndAnOldWindowIsForgotten() {
    Instant until = T.plus(Duration.ofHours(1));
    assertThat(blocked(100, T, until, T.plusSeconds(3599))).isEqualTo(until);
    assertThat(blocked(100, T, until, until)).isNull();
    assertThat(blocked(50, T, null, T.plus(Duration.ofHours(1)))).isNull();
  }
}
