package org.opendtm.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.opendtm.platform.database.EmbeddedPostgresServer;

/**
 * One embedded PostgreSQL per test JVM (non-durable, in a temporary directory) and a fresh database
 * for each Spring context, so contexts never see each other's rows.
 */
public final class TestDatabase {

  private static EmbeddedPostgresServer server;
  private static Path directory;
  private static final AtomicInteger databases = new AtomicInteger();

  private TestDatabase() {}

  public static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      try {
        directory = Files.createTempDirectory("opendtm-test-pg");
        server = EmbeddedPostgresServer.start(directory, false);
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop, "test-postgres-stop"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return server;
  }

  /**
   * Stops the server at the JVM's exit, after Spring Boot's shutdown hook (which runs alongside
   * this one) has closed every cached context: a context closing against a stopped server waited
   * for connections and kept the test JVM alive until Surefire killed it. JVMs without Spring
   * contexts (property tests on the database) have no such hook, and their server stops at once.
   */
  private static void stop() {
    try {
      Thread.sleep(200); // the JVM starts all hooks together: let Spring's be found
      for (Thread hook : Thread.getAllStackTraces().keySet()) {
        if (hook.getName().equals("SpringApplicationShutdownHook")) hook.join(60_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
    deleteTree(directory);
  }

  /**
   * The data directory goes with the server: each test JVM's is ~600 MB, and the temporary
   * directories of every run used to stay behind (48 GB after a day of runs).
   */
  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (java.io.IOException e) {
                  // best effort at exit: a file still being written is left to the OS's tmp
                  // cleaning
                }
              });
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // the same
    }
  }

  /** Creates a new empty database and returns its JDBC url. */
  public static String newDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    String url = server().jdbcUrl();
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
      c.createStatement().execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return url.replace("/postgres", "/" + name);
  }
}
