package org.opendtm.publication.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendtm.tracking.PublishedRoundTotals;
import org.opendtm.tracking.RoundTotal;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hands tracking the totals the aggregation of a revision summed at admin 0 ({@link
 * RevisionPublisher}), so that tracking does not sum the round's figures again to record them with
 * the revision. Kept for the publishing transaction only (bound to it, forgotten when it ends).
 */
@Component
class AggregatedRoundTotals implements PublishedRoundTotals {

  /** This transaction's totals by "round/revision". */
  private static final Object RESOURCE = new Object();

  void remember(long roundId, int revision, List<RoundTotal> totals) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) return;
    @SuppressWarnings("unchecked")
    Map<String, List<RoundTotal>> known =
        (Map<String, List<RoundTotal>>) TransactionSynchronizationManager.getResource(RESOURCE);
    if (known == null) {
      known = new HashMap<>();
      TransactionSynchronizationManager.bindResource(RESOURCE, known);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(RESOURCE);
            }
          });
    }
    known.put(roundId + "/" + revision, List.copyOf(totals));
  }

  @Override
  public Optional<List<RoundTotal>> find(long roundId, int revision) {
    @SuppressWarnings("unchecked")
    Map<String, List<RoundTotal>> known =
        (Map<String, List<RoundTotal>>) TransactionSynchronizationManager.getResource(RESOURCE);
    return known == null
        ? Optional.empty()
        : Optional.ofNullable(known.get(roundId + "/" + revision));
  }
}
