package org.opendtm.publication.internal;

import org.opendtm.geography.OperationChanged;
import org.opendtm.platform.cluster.ClusterEvent;
import org.opendtm.platform.cluster.ClusterEvents;
import org.opendtm.publication.internal.disclosure.PublicFiguresProtected;
import org.opendtm.tracking.RoundPublished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the published-data cache of every instance in step: a publication, a settings change or a
 * suppression run that changes what public reads show (see {@link PublicFiguresProtected}) made
 * here is announced to the others in its own transaction (so they hear of it on commit), and one
 * announced by another instance does to this instance's {@link PublicResponseCache} what the change
 * does to the committing instance's: a publication drops the operation and country lists, a run has
 * the answers computed again (served meanwhile), a settings change empties the cache.
 */
@Component
class PublishedDataNotices {

  private static final Logger log = LoggerFactory.getLogger(PublishedDataNotices.class);

  private final ClusterEvents cluster;
  private final PublicResponseCache cache;

  PublishedDataNotices(ClusterEvents cluster, PublicResponseCache cache) {
    this.cluster = cluster;
    this.cache = cache;
  }

  @EventListener
  void on(RoundPublished event) {
    cluster.publish(ClusterEvents.ROUND_PUBLISHED, event.operationCode());
  }

  @EventListener
  void on(OperationChanged event) {
    cluster.publish(ClusterEvents.PUBLISHED_DATA, event.code());
  }

  @EventListener
  void on(PublicFiguresProtected event) {
    cluster.publish(ClusterEvents.FIGURES_PROTECTED, event.operationCode());
  }

  /** As {@link PublicResponseCache} does for this instance's own changes. */
  @EventListener
  void on(ClusterEvent event) {
    if (event.concerns(ClusterEvents.PUBLISHED_DATA)) {
      cache.clear(); // (a resync lands here too: anything may have changed)
      log.debug("Public response cache emptied: {} on another instance", event);
    } else if (event.topic().equals(ClusterEvents.FIGURES_PROTECTED)) {
      cache.refresh();
      log.debug("Public response cache computed again: {} on another instance", event);
    } else if (event.topic().equals(ClusterEvents.ROUND_PUBLISHED)) {
      cache.published();
      log.debug("Public lists forgotten: {} on another instance", event);
    }
  }
}
