package org.opendtm.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.platform.database.TransactionWriter;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The writer thread of an import writes in the request's transaction, in order; a failing write
 * stops the reader at its next hand-over and the rollback leaves nothing behind.
 */
class TransactionWriterIntegrationTest extends ApiTestSupport {

  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  @BeforeEach
  void table() {
    jdbc.sql("create table if not exists tw_rows (n int primary key)").update();
    jdbc.sql("delete from tw_rows").update();
  }

  @AfterEach
  void drop() {
    jdbc.sql("drop table if exists tw_rows").update();
  }

  @Test
  void writesInTheCallersTransactionInOrder() {
    List<String> seen = new ArrayList<>();
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status -> {
              TransactionWriter writer = new TransactionWriter(dataSource, "test-writer", 1);
              try {
                for (int i = 1; i <= 5; i++) writer.submit(insert(i));
                writer.finish();
              } finally {
                writer.abort();
              }
              // the request's thread sees the rows; another connection does not before the commit
              seen.add(
                  jdbc.sql("select string_agg(n::text, ',' order by n) from tw_rows")
                      .query(String.class)
                      .single());
              seen.add(String.valueOf(countElsewhere()));
            });
    assertThat(seen).containsExactly("1,2,3,4,5", "0");
    assertThat(countElsewhere()).isEqualTo(5);
  }

  @Test
  void aFailedWriteStopsTheReaderAndTheRollbackLeavesNothing() {
    assertThatThrownBy(
            () ->
                new TransactionTemplate(transactions)
                    .executeWithoutResult(
                        status -> {
                          TransactionWriter writer =
                              new TransactionWriter(dataSource, "test-writer", 2);
                          try {
                            writer.submit(insert(1));
                            writer.submit(insert(1)); // duplicate key
                            for (int i = 2; ; i++) {
                              writer.submit(insert(i)); // throws once the failure is known
                              sleep();
                            }
                          } finally {
                            writer.abort();
                          }
                        }))
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("tw_rows_pkey");
    assertThat(countElsewhere()).isZero();
  }

  @Test
  void abortDropsWhatWaitsAndWaitsForTheWriteUnderWay() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status -> {
              TransactionWriter writer = new TransactionWriter(dataSource, "test-writer", 2);
              writer.submit(
                  connection -> {
                    started.countDown();
                    connection.createStatement().execute("select pg_sleep(0.3)");
                    insert(1).run(connection);
                  });
              writer.submit(insert(2));
              try {
                assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              writer.abort();
              // the connection is idle again: this thread may use it
              assertThat(jdbc.sql("select count(*) from tw_rows").query(Long.class).single())
                  .isEqualTo(1);
              status.setRollbackOnly();
            });
    assertThat(countElsewhere()).isZero();
  }

  @Test
  void needsATransaction() {
    assertThatThrownBy(() -> new TransactionWriter(dataSource, "test-writer", 1))
        .isInstanceOf(IllegalStateException.class);
  }

  private static TransactionWriter.Task insert(int n) {
    return connection -> {
      try (PreparedStatement insert =
          connection.prepareStatement("insert into tw_rows values (?)")) {
        insert.setInt(1, n);
        insert.executeUpdate();
      }
    };
  }

  /** Rows committed, seen from a connection of its own. */
  private long countElsewhere() {
    try (Connection c = dataSource.getConnection();
        var rs = c.createStatement().executeQuery("select count(*) from tw_rows")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
