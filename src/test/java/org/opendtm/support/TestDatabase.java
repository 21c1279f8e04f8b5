package org.opendtm.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.opendtm.platform.database.EmbeddedPostgresServer;
import org.springframework.boot.SpringApplication;

/**
 * One embedded PostgreSQL per test JVM (non-durable, in a temporary directory) and a fresh database
 * for each Spring context, so contexts never see each other's rows.
 */
public final class TestDatabase {

  private static EmbeddedPostgresServer server;
  private static final AtomicInteger databases = new AtomicInteger();

  private TestDatabase() {}

  public static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      try {
        Path directory = Files.createTempDirectory("opendtm-test-pg");
        server = EmbeddedPostgresServer.start(directory, false);
        // after Spring Boot's shutdown hook has closed every cached context, not alongside it: a
        // context closing against a stopped server waited for connections (Hikari's 30 s) and
        // kept the test JVM from exiting until Surefire killed it
        SpringApplication.getShutdownHandlers().add(server::close);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return server;
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
