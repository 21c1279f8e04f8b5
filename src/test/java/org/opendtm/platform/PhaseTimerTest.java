package org.opendtm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhaseTimerTest {

  @Test
  void listsLapsInOrderWithTheirDurations() throws InterruptedException {
    PhaseTimer timer = new PhaseTimer();
    Thread.sleep(20);
    timer.lap("read");
    timer.lap("store");
    assertThat(timer.toString()).matches("read \\d+ ms, store \\d+ ms");
    assertThat(timer.toString()).doesNotStartWith("read 0 ms");
    assertThat(timer.totalMillis()).isGreaterThanOrEqualTo(20);
  }
}
