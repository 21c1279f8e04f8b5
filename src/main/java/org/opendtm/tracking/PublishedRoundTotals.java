package org.opendtm.tracking;

import java.util.List;
import java.util.Optional;

/**
 * Totals of a revision summed by whoever computed its published figures in the publishing
 * transaction (the publication module's aggregation sums the same figures anyway), so that tracking
 * does not sum the round's figures a second time. Implemented outside tracking; tracking asks every
 * implementation right after {@link RoundPublished} and sums the figures itself when none answers.
 */
public interface PublishedRoundTotals {

  /**
   * The revision's totals, one per assessment type and group with figures, if this transaction
   * computed them for every assessment of the round; empty otherwise.
   */
  Optional<List<RoundTotal>> find(long roundId, int revision);
}
