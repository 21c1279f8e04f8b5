package org.opendtm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendtm.platform.database.EmbeddedPostgresServer;

/** The embedded server as the platform runs it by default: durable, persistent, never reused. */
class EmbeddedPostgresServerIntegrationTest {

  @TempDir Path directory;

  @Test
  void runsDurablyAndKeepsDataAcrossRestarts() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory, true)) {
      assertThat(setting(server, "fsync")).isEqualTo("on");
      assertThat(setting(server, "synchronous_commit")).isEqualTo("on");
      try (Connection c = connect(server)) {
        c.createStatement().execute("create table kept (value text)");
        c.createStatement().execute("insert into kept values ('still here')");
      }
    }
    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(directory, true);
        Connection c = connect(again);
        ResultSet rs = c.createStatement().executeQuery("select value from kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("still here");
    }
  }

  @Test
  void stopsAnOrphanedServerFromAKilledRunInsteadOfReusingIt() throws Exception {
    // A platform run killed with kill -9 leaves its postmaster running on the data directory.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                StartServerAndWait.class.getName(),
                directory.toString())
            .redirectErrorStream(true)
            .start();
    try (var out =
        new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
      String line;
      while ((line = out.readLine()) != null && !line.contains("READY")) {
        // wait for the server
      }
    }
    child.destroyForcibly().waitFor();
    long orphanPid =
        Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim());
    assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

    try (EmbeddedPostgresServer fresh = EmbeddedPostgresServer.start(directory, true)) {
      assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive))
          .isNotEqualTo(Optional.of(true));
      long freshPid =
          Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim());
      assertThat(freshPid).isNotEqualTo(orphanPid);
      assertThat(setting(fresh, "fsync")).isEqualTo("on");
      // the planner follows indexes for one round's figures (docs/BENCHMARKS.md)
      assertThat(setting(fresh, "random_page_cost")).isEqualTo("1.1");
    }
  }

  private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(), "postgres", "postgres");
  }

  private static String setting(EmbeddedPostgresServer server, String name) throws SQLException {
    try (Connection c = connect(server);
        ResultSet rs = c.createStatement().executeQuery("show " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
