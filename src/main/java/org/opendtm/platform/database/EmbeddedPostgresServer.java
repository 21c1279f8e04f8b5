package org.opendtm.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 server, with its data directory kept between runs.
 *
 * <p>Two traps of embedded servers are closed here. Zonky turns fsync and synchronous commit off by
 * default; a platform that acknowledges submissions must not lose them on a power cut, so both are
 * on unless {@code durable} is false (tests only). And a run killed with {@code kill -9} leaves its
 * postmaster running on the data directory: it is detected through {@code postmaster.pid},
 * reported, and shut down before a fresh server is started on a fresh port, so it can never be
 * reused silently.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;
  private final Path directory;

  private EmbeddedPostgres postgres() {
    return postgres;
  }

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path directory) {
    this.postgres = postgres;
    this.directory = directory;
  }

  /** Starts a server on {@code directory}, creating the cluster on first use. */
  public static EmbeddedPostgresServer start(Path directory, boolean durable) {
    try {
      Files.createDirectories(directory);
      stopOrphan(directory);
      var builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory)
              .setCleanDataDirectory(false)
              // stopped by its owner (the Spring bean's destroy, after every bean that uses the
              // database; the tests' shared server after all cached contexts), never by a JVM
              // shutdown hook of its own: that hook ran alongside Spring's and took the database
              // away from requests finishing in the graceful shutdown and from last writes
              .setRegisterShutdownHook(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("fsync", durable ? "on" : "off")
              .setServerConfig("synchronous_commit", durable ? "on" : "off")
              .setServerConfig("full_page_writes", durable ? "on" : "off")
              .setServerConfig("max_connections", "200")
              .setServerConfig("shared_buffers", "256MB")
              .setServerConfig("work_mem", "32MB")
              .setServerConfig("maintenance_work_mem", "128MB")
              // The data directory is on local disk (SSD) and mostly cached: with the default
              // random_page_cost of 4 the planner reads every figure of every round (a hash join
              // over the whole population_figure table) to get one round's, a cost that grows with
              // history; at 1.1 it follows the index (docs/BENCHMARKS.md: 1.1 s -> 0.25 s at 24
              // rounds of 100,000 locations).
              .setServerConfig("random_page_cost", "1.1")
              .setServerConfig("effective_cache_size", "2GB")
              // fewer forced checkpoints (and full-page writes) during big imports
              .setServerConfig("max_wal_size", "2GB")
              .setServerConfig("timezone", "UTC");
      if (!durable) {
        builder.setServerConfig("wal_level", "minimal").setServerConfig("max_wal_senders", "0");
      }
      EmbeddedPostgres postgres = builder.start();
      log.info(
          "Embedded PostgreSQL started on port {} with data in {} (durable={})",
          postgres.getPort(),
          directory.toAbsolutePath(),
          durable);
      return new EmbeddedPostgresServer(postgres, directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start embedded PostgreSQL in " + directory, e);
    }
  }

  /**
   * A postmaster.pid naming a live postgres process means an earlier run died without stopping its
   * server. Ask it for a fast shutdown and wait; if it does not go, refuse to start.
   */
  static void stopOrphan(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return;
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) return;
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()
        || !process.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
      return; // a stale file; postgres itself handles it
    }
    log.warn(
        "Found an orphaned PostgreSQL (pid {}) still running on {} from an earlier run that did not"
            + " stop cleanly; shutting it down instead of reusing it.",
        pid,
        directory.toAbsolutePath());
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      process.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "An orphaned PostgreSQL (pid "
              + pid
              + ") holds "
              + directory.toAbsolutePath()
              + " and did not stop; stop it by hand (kill -INT "
              + pid
              + ") and start again.",
          e);
    }
  }

  public String jdbcUrl() {
    return postgres().getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return postgres().getPort();
  }

  public Path directory() {
    return directory;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
