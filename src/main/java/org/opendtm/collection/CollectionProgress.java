package org.opendtm.collection;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How far field collection has come in a round: the places expected against the places visited, and
 * each enumerator's part.
 *
 * @param expectedFrom where the list of expected places comes from: {@code ASSIGNMENTS} (the
 *     assignment list of round {@code assignmentsRound}: this round's, else the latest earlier
 *     round's), {@code PREVIOUS_ROUND} (the places of the latest earlier round with assessments),
 *     {@code LOCATIONS} (the operation's location list) or {@code NONE}
 * @param assignmentsRound the round whose assignment list is used, when {@code ASSIGNMENTS}
 * @param expected how many places are expected
 * @param visited how many of them have been visited (by anyone)
 * @param notVisited expected places not visited yet, by code (capped: see count)
 * @param notVisitedCount how many expected places are not visited yet
 * @param enumerators one entry per enumerator of the operation, per user with submissions for the
 *     round and per user with an assignment, by user name
 */
public record CollectionProgress(
    String operation,
    int round,
    String roundStatus,
    String expectedFrom,
    Integer assignmentsRound,
    long expected,
    long visited,
    List<String> notVisited,
    long notVisitedCount,
    List<EnumeratorProgress> enumerators) {

  /** Percent of the expected places visited (100 when nothing is expected). */
  @JsonProperty("percent")
  public int percent() {
    if (expected <= 0) return 100;
    return (int) Math.min(100, visited * 100 / expected);
  }
}
