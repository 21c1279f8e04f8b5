package org.opendtm.access.internal.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.opendtm.access.AuditEntry;
import org.opendtm.access.AuditEntry.ActorKind;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.AuditQuery;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code access.audit_event} table: append-only (the database refuses anything else). Each
 * event is one INSERT in its own transaction, so an event is kept even when the request that caused
 * it fails and rolls back.
 */
@Repository
public class AuditEvents {

  private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JdbcClient streaming;
  private final ObjectMapper json;
  private final TransactionTemplate ownTransaction;
  private final TransactionTemplate readOnly;

  AuditEvents(
      JdbcClient jdbc,
      DataSource dataSource,
      ObjectMapper json,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    JdbcTemplate cursor = new JdbcTemplate(dataSource);
    cursor.setFetchSize(500); // a cursor inside a transaction: exports never hold all rows
    this.streaming = JdbcClient.create(cursor);
    this.json = json;
    this.ownTransaction = new TransactionTemplate(transactions);
    ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.readOnly = new TransactionTemplate(transactions);
    readOnly.setReadOnly(true);
  }

  /** An event to write; {@code at} is the database's clock. */
  public record NewEvent(
      String actor,
      ActorKind actorKind,
      String operationCode,
      String action,
      String target,
      Outcome outcome,
      String remoteAddress,
      String userAgent,
      Map<String, ?> details) {}

  /**
   * Writes one event in a transaction of its own.
   *
   * @param durable false for high-volume, low-stakes events (public downloads): their commit does
   *     not wait for the disk, so a power cut may lose the last few milliseconds of them, and the
   *     public API keeps its speed. Sign-ins, writes and reads of protected data are durable.
   */
  public void insert(NewEvent event, boolean durable) {
    String details = toJson(event.details());
    ownTransaction.executeWithoutResult(
        status -> {
          if (!durable) jdbc.sql("set local synchronous_commit to off").update();
          jdbc.sql(
                  """
                  insert into access.audit_event (actor, actor_kind, operation_code, action,
                    target, outcome, remote_address, user_agent, details)
                  values (:actor, :actorKind, :operation, :action, :target, :outcome,
                    :remoteAddress, :userAgent, cast(:details as jsonb))
                  """)
              .param("actor", event.actor())
              .param("actorKind", event.actorKind().name().toLowerCase(java.util.Locale.ROOT))
              .param("operation", event.operationCode())
              .param("action", event.action())
              .param("target", event.target())
              .param("outcome", event.outcome().name())
              .param("remoteAddress", event.remoteAddress())
              .param("userAgent", event.userAgent())
              .param("details", details)
              .update();
        });
  }

  /**
   * The events matching the query, newest first.
   *
   * @param operations the operations whose events the caller may read; {@code null} for all
   *     (platform administrators), including events of no operation
   */
  public List<AuditEntry> search(
      AuditQuery query, Collection<String> operations, int page, int size) {
    return readOnly.execute(
        status ->
            bind(
                    jdbc.sql(
                        "select * from access.audit_event"
                            + where(operations)
                            + " order by id desc limit :limit offset :offset"),
                    query,
                    operations)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::entry)
                .list());
  }

  public long count(AuditQuery query, Collection<String> operations) {
    return bind(
            jdbc.sql("select count(*) from access.audit_event" + where(operations)),
            query,
            operations)
        .query(Long.class)
        .single();
  }

  /** Streams every matching event, oldest first, through a database cursor; returns the count. */
  public long stream(AuditQuery query, Collection<String> operations, Consumer<AuditEntry> sink) {
    long[] count = {0};
    readOnly.executeWithoutResult(
        status ->
            bind(
                    streaming.sql(
                        "select * from access.audit_event" + where(operations) + " order by id"),
                    query,
                    operations)
                .query(
                    (RowCallbackHandler)
                        rs -> {
                          sink.accept(entry(rs, 0));
                          count[0]++;
                        }));
    return count[0];
  }

  // The WHERE clause is made of fixed fragments; every value is a named parameter.
  private static String where(Collection<String> operations) {
    return """
         where (cast(:from as timestamptz) is null or at >= cast(:from as timestamptz))
           and (cast(:to as timestamptz) is null or at < cast(:to as timestamptz))
           and (cast(:actor as text) is null or actor = cast(:actor as text))
           and (cast(:operation as text) is null or operation_code = cast(:operation as text))
           and (cast(:action as text) is null or starts_with(action, cast(:action as text)))
           and (cast(:outcome as text) is null or outcome = cast(:outcome as text))
        """
        + (operations == null ? "" : " and operation_code in (:operations)");
  }

  private static JdbcClient.StatementSpec bind(
      JdbcClient.StatementSpec statement, AuditQuery query, Collection<String> operations) {
    statement =
        statement
            .param("from", query.from() == null ? null : Timestamp.from(query.from()))
            .param("to", query.to() == null ? null : Timestamp.from(query.to()))
            .param("actor", query.actor())
            .param("operation", query.operation())
            .param("action", query.action())
            .param("outcome", query.outcome() == null ? null : query.outcome().name());
    if (operations != null) {
      // an empty IN list is not SQL; no operation code is the empty string
      statement = statement.param("operations", operations.isEmpty() ? List.of("") : operations);
    }
    return statement;
  }

  private AuditEntry entry(ResultSet rs, int row) throws SQLException {
    Timestamp at = rs.getTimestamp("at");
    return new AuditEntry(
        rs.getLong("id"),
        at.toInstant(),
        rs.getString("actor"),
        ActorKind.valueOf(rs.getString("actor_kind").toUpperCase(java.util.Locale.ROOT)),
        rs.getString("operation_code"),
        rs.getString("action"),
        rs.getString("target"),
        Outcome.valueOf(rs.getString("outcome")),
        rs.getString("remote_address"),
        rs.getString("user_agent"),
        fromJson(rs.getString("details")));
  }

  private String toJson(Map<String, ?> details) {
    try {
      return json.writeValueAsString(details == null ? Map.of() : details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Audit details must be plain values", e);
    }
  }

  private Map<String, Object> fromJson(String details) {
    try {
      return json.readValue(details, DETAILS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable audit details", e);
    }
  }
}
