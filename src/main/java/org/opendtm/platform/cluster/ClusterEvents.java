package org.opendtm.platform.cluster;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Notices between the instances of the platform that share one database, over PostgreSQL's
 * LISTEN/NOTIFY on the channel {@value #CHANNEL}. {@link #publish} sends a notice with {@code
 * pg_notify} in the caller's transaction, so the other instances hear of a change only once it is
 * committed (and never of a change rolled back); each instance listens on one connection of its own
 * (outside the pool) and republishes what others sent as a {@link ClusterEvent} Spring event.
 *
 * <p>Notices are not durable: one sent while an instance is not listening is lost. So when the
 * listening connection is lost and comes back, the instance publishes {@link #RESYNC}, on which
 * every listener assumes anything may have changed; listeners whose state matters for security also
 * re-read it periodically.
 */
@Component
public class ClusterEvents implements SmartLifecycle {

  /** The PostgreSQL notification channel. */
  public static final String CHANNEL = "opendtm_cluster";

  /** An operation's public settings changed (key: operation code). */
  public static final String PUBLISHED_DATA = "published-data";

  /** A round was published; partners see it once protected (key: operation code). */
  public static final String ROUND_PUBLISHED = "round-published";

  /** A published revision's disclosure control was stored: it is public now (key: operation). */
  public static final String FIGURES_PROTECTED = "figures-protected";

  /** An account was disabled (key: user name). */
  public static final String ACCOUNT_DISABLED = "account-disabled";

  /** Notices may have been missed: anything may have changed. */
  public static final String RESYNC = "resync";

  private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);
  private static final char SEP = '\t';

  private final String instance = UUID.randomUUID().toString();
  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final ApplicationEventPublisher events;
  private final boolean enabled;
  private volatile boolean running;
  private volatile boolean listeningNow;
  private Thread thread;

  ClusterEvents(
      JdbcClient jdbc,
      DataSource dataSource,
      ApplicationEventPublisher events,
      @Value("${opendtm.cluster.enabled:true}") boolean enabled) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.events = events;
    this.enabled = enabled;
  }

  /**
   * Tells the other instances that {@code topic} changed on {@code key}: delivered when the current
   * transaction commits, at once outside a transaction.
   */
  public void publish(String topic, String key) {
    if (!enabled) return;
    jdbc.sql("select pg_notify(:channel, :payload)")
        .param("channel", CHANNEL)
        .param("payload", instance + SEP + topic + SEP + (key == null ? "" : key))
        .query((rs, n) -> 1)
        .list();
  }

  /** True once this instance listens (tests wait for it). */
  public boolean isListening() {
    return listeningNow;
  }

  @Override
  public void start() {
    if (!enabled) return;
    running = true;
    thread = new Thread(this::listen, "cluster-events");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Lets the listening thread end by itself within a second (its wait for notices times out); no
   * join and no close from here, so that closing many contexts (tests) does not add seconds each.
   */
  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void listen() {
    boolean first = true;
    long backoff = 1000;
    while (running) {
      try (Connection connection = open()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        listeningNow = true;
        if (!first) {
          log.info("Cluster notices: listening again; caches resynchronised");
          events.publishEvent(new ClusterEvent(RESYNC, ""));
        }
        first = false;
        backoff = 1000;
        while (running) {
          PGNotification[] notices = postgres.getNotifications(1000);
          if (notices == null) continue;
          for (PGNotification notice : notices) dispatch(notice.getParameter());
        }
      } catch (SQLException | RuntimeException e) {
        listeningNow = false;
        if (!running) return;
        log.warn("Cluster notices: connection lost ({}); retrying in {} ms", e.toString(), backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private void dispatch(String payload) {
    log.debug("Cluster notice heard: {}", payload);
    String[] parts = payload.split(String.valueOf(SEP), 3);
    if (parts.length < 2 || parts[0].equals(instance)) return; // malformed, or our own
    try {
      events.publishEvent(new ClusterEvent(parts[1], parts.length > 2 ? parts[2] : ""));
    } catch (RuntimeException e) {
      log.warn("Cluster notice {} not handled: {}", parts[1], e.toString());
    }
  }

  /** A connection of its own: a pooled one held for ever would shrink the pool. */
  private Connection open() throws SQLException {
    if (dataSource instanceof HikariDataSource hikari) {
      return DriverManager.getConnection(
          hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
    }
    return dataSource.getConnection();
  }
}
