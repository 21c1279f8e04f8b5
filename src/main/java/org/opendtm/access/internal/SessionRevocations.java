package org.opendtm.access.internal;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opendtm.platform.cluster.ClusterEvent;
import org.opendtm.platform.cluster.ClusterEvents;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The moment before which an account's sessions are void (the account was disabled then), held in
 * memory so that checking a session costs no query. This instance updates it at once when it
 * disables an account; other instances hear of it through PostgreSQL notifications ({@link
 * ClusterEvents}) and, should one be missed, by re-reading the table every 30 seconds.
 */
@Component
public class SessionRevocations {

  private final Users users;
  private volatile Map<String, Instant> revoked;

  SessionRevocations(Users users) {
    this.users = users;
  }

  /** True when the user's session that began at {@code began} must end now. */
  public boolean isRevoked(String username, Instant began) {
    Instant since = all().get(username);
    return since != null && began.isBefore(since);
  }

  /** Records a revocation made here (the table holds it already). */
  public void revoked(String username, Instant since) {
    all().merge(username, since, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** Another instance disabled an account (or notices may have been missed). */
  @EventListener
  void on(ClusterEvent event) {
    if (event.concerns(ClusterEvents.ACCOUNT_DISABLED)) refresh();
  }

  /** Reads the table again: at start, on a notification, and every 30 seconds. */
  @Scheduled(fixedDelayString = "${opendtm.sign-in.revocation-refresh:PT30S}")
  public void refresh() {
    revoked = new ConcurrentHashMap<>(users.listSessionRevocations());
  }

  private Map<String, Instant> all() {
    Map<String, Instant> current = revoked;
    if (current == null) {
      refresh();
      current = revoked;
    }
    return current;
  }
}
