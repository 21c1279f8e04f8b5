package org.opendtm.platform.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job records. Every write commits on its own (a new transaction), whatever transaction the
 * caller is in: a job's progress must be visible while its work's transaction is still open, and a
 * failure must be recorded although the work's transaction rolled back.
 */
@Repository
class Jobs {

  private static final String COLUMNS =
      """
      id, kind, operation_code, owner, required_right, description, state, phase, done, total,
      result::text as result, error::text as error, created_at, started_at, finished_at
      """;

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final TransactionTemplate own;

  Jobs(JdbcClient jdbc, ObjectMapper json, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.json = json;
    this.own = new TransactionTemplate(transactions);
    this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  void insert(UUID id, JobSpec spec, String owner, Integer total) {
    own.executeWithoutResult(
        status ->
            jdbc.sql(
                    """
                    insert into platform.job
                      (id, kind, operation_code, owner, required_right, description, total)
                    values (:id, :kind, :operation, :owner, :right, :description, :total)
                    """)
                .param("id", id)
                .param("kind", spec.kind())
                .param("operation", spec.operation())
                .param("owner", owner)
                .param("right", spec.requiredRight())
                .param("description", spec.description())
                .param("total", total)
                .update());
  }

  void started(UUID id) {
    own.executeWithoutResult(
        status ->
            jdbc.sql("update platform.job set state = 'RUNNING', started_at = now() where id = :id")
                .param("id", id)
                .update());
  }

  void progress(UUID id, String phase, int done, Integer total) {
    own.executeWithoutResult(
        status ->
            jdbc.sql(
                    """
                    update platform.job set phase = :phase, done = :done, total = :total
                    where id = :id and state = 'RUNNING'
                    """)
                .param("id", id)
                .param("phase", phase)
                .param("done", done)
                .param("total", total)
                .update());
  }

  void succeeded(UUID id, int done, JsonNode result) {
    own.executeWithoutResult(
        status ->
            jdbc.sql(
                    """
                    update platform.job
                    set state = 'SUCCEEDED', done = :done, total = :done,
                        result = cast(:result as jsonb), finished_at = now()
                    where id = :id
                    """)
                .param("id", id)
                .param("done", done)
                .param("result", write(result))
                .update());
  }

  void failed(UUID id, JsonNode problem) {
    own.executeWithoutResult(
        status ->
            jdbc.sql(
                    """
                    update platform.job
                    set state = 'FAILED', error = cast(:error as jsonb), finished_at = now()
                    where id = :id
                    """)
                .param("id", id)
                .param("error", write(problem))
                .update());
  }

  /** Fails every job not finished: run at start, when no job of this process can be running. */
  int failUnfinished(JsonNode problem) {
    return own.execute(
        status ->
            jdbc.sql(
                    """
                    update platform.job
                    set state = 'FAILED', error = cast(:error as jsonb), finished_at = now()
                    where state in ('QUEUED', 'RUNNING')
                    """)
                .param("error", write(problem))
                .update());
  }

  /** The number of phases the last successful job of this kind went through. */
  Optional<Integer> findLastPhaseCount(String kind) {
    return jdbc.sql(
            """
            select done from platform.job
            where kind = :kind and state = 'SUCCEEDED' and done > 0
            order by finished_at desc limit 1
            """)
        .param("kind", kind)
        .query(Integer.class)
        .optional();
  }

  Optional<Job> find(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from platform.job where id = :id")
        .param("id", id)
        .query(this::job)
        .optional();
  }

  List<Job> listByOperation(String operation, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + """
                 from platform.job where operation_code = :operation
                order by created_at desc limit :limit
                """)
        .param("operation", operation)
        .param("limit", limit)
        .query(this::job)
        .list();
  }

  private Job job(ResultSet rs, int row) throws SQLException {
    int total = rs.getInt("total");
    Integer knownTotal = rs.wasNull() ? null : total;
    return new Job(
        rs.getObject("id", UUID.class),
        rs.getString("kind"),
        rs.getString("operation_code"),
        rs.getString("owner"),
        rs.getString("required_right"),
        rs.getString("description"),
        JobState.valueOf(rs.getString("state")),
        new Job.Progress(rs.getString("phase"), rs.getInt("done"), knownTotal),
        read(rs.getString("result")),
        read(rs.getString("error")),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("started_at")),
        instant(rs.getTimestamp("finished_at")));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private JsonNode read(String text) {
    if (text == null) return null;
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A job's stored JSON is unreadable", e);
    }
  }

  private String write(JsonNode node) {
    if (node == null) return null;
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
