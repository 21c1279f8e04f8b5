package org.opendtm.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.NewLocation;
import org.opendtm.geography.Operation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Assessments in READ COMMITTED no longer lock the locations they refer to; a delete of locations
 * locks the assessments table instead (migration V2026_11_27_0100). Either way round, two
 * transactions that overlap cannot leave an assessment pointing at a deleted location.
 */
class LocationDeleteWhileAssessingIntegrationTest extends ApiTestSupport {

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;

  private final ExecutorService other = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    other.shutdownNow();
  }

  @Test
  void aDeleteWaitsForTheWriterAndIsRefusedWhenTheWriterCommitsAReference() throws Exception {
    long[] ids = fixture("LDW-A");
    try (Connection writer = dataSource.getConnection();
        Connection deleter = dataSource.getConnection()) {
      writer.setAutoCommit(false);
      deleter.setAutoCommit(false);
      insertAssessment(writer, ids);
      Future<?> delete = other.submit(() -> deleteLocation(deleter, ids[2]));
      assertThatThrownBy(() -> delete.get(700, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class); // waits for the writer
      writer.commit();
      assertThatThrownBy(() -> delete.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("still referenced by assessments");
      deleter.rollback();
    }
    assertThat(locations(ids[2])).isEqualTo(1);
  }

  @Test
  void aWriterWaitsForTheDeleteAndIsRefusedWhenTheDeleteCommits() throws Exception {
    long[] ids = fixture("LDW-B");
    try (Connection writer = dataSource.getConnection();
        Connection deleter = dataSource.getConnection()) {
      writer.setAutoCommit(false);
      deleter.setAutoCommit(false);
      deleteLocation(deleter, ids[2]);
      Future<?> insert = other.submit(() -> insertAssessment(writer, ids));
      assertThatThrownBy(() -> insert.get(700, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class); // waits for the delete
      deleter.commit();
      assertThatThrownBy(() -> insert.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("location " + ids[2] + " does not exist");
      writer.rollback();
    }
    assertThat(locations(ids[2])).isZero();
  }

  /** round id, admin unit id, and a location of its own that nothing refers to yet. */
  private long[] fixture(String code) {
    Operation operation = TrackingFixtures.operationWithGeography(geography, jdbc, code);
    Round round = tracking.createRound(code, 1, TrackingFixtures.ROUND_DATE);
    long unit =
        jdbc.sql(
                "select id from geography.admin_unit where operation_id = :op and pcode = 'CAF0102'")
            .param("op", operation.id())
            .query(Long.class)
            .single();
    long location =
        geography
            .upsertLocations(
                operation.id(),
                List.of(
                    new NewLocation(
                        "CAF0102-S09", "Ndele site", LocationKind.SITE, unit, 8.4, 20.6)))
            .get(0)
            .id();
    return new long[] {round.id(), unit, location};
  }

  private static Void insertAssessment(Connection connection, long[] ids) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            """
            insert into tracking.assessment
              (round_id, assessment_type, admin_unit_id, location_id, place)
            values (?, 'SA', ?, ?, 'CAF0102-S09')
            """)) {
      insert.setLong(1, ids[0]);
      insert.setLong(2, ids[1]);
      insert.setLong(3, ids[2]);
      insert.executeUpdate();
    }
    return null;
  }

  private static Void deleteLocation(Connection connection, long location) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("delete from geography.location where id = ?")) {
      delete.setLong(1, location);
      delete.executeUpdate();
    }
    return null;
  }

  private long locations(long id) {
    return jdbc.sql("select count(*) from geography.location where id = :id")
        .param("id", id)
        .query(Long.class)
        .single();
  }
}
