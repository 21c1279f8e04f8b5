package org.opendtm.tracking;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How far collection has come in a round: places assessed against the places expected.
 *
 * @param expectedFrom where the expectation comes from: {@code PREVIOUS_ROUND} (the places of the
 *     latest earlier round), {@code LOCATIONS} (the operation's location list) or {@code NONE}
 * @param previousRound the earlier round used, when {@code PREVIOUS_ROUND}
 * @param missing expected places not assessed yet (at most 200, by code)
 * @param missingCount how many expected places are not assessed yet
 */
public record RoundProgress(
    int round,
    long received,
    long expected,
    String expectedFrom,
    Integer previousRound,
    List<String> missing,
    long missingCount) {

  /** Percent of the expected places assessed (100 when nothing was expected). */
  @JsonProperty("percent")
  public int percent() {
    if (expected <= 0) return 100;
    return (int) Math.min(100, (expected - missingCount) * 100 / expected);
  }
}
