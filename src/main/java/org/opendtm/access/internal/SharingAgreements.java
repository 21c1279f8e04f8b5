package org.opendtm.access.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendtm.access.SharingAgreement;
import org.opendtm.access.SharingClass;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sharing classes chosen per operation, and data-sharing agreements. */
@Repository
public class SharingAgreements {

  private final JdbcClient jdbc;

  SharingAgreements(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The agreement ids and datasets of the agreements active on {@code today} with the partner or
   * with the organisation the partner's account names.
   */
  public List<ActiveAgreement> activeFor(String partner, String operationCode, LocalDate today) {
    return jdbc.sql(
            """
            select a.id, a.datasets from access.sharing_agreement a
             where a.operation_code = :operation and a.revoked_at is null
               and a.start_date <= :today and a.end_date > :today
               and (a.partner = :partner
                    or lower(a.organisation) = (select lower(u.organisation) from access.app_user u
                                                 where u.username = :partner))
             order by a.id
            """)
        .param("partner", partner)
        .param("operation", operationCode)
        .param("today", today)
        .query((rs, n) -> new ActiveAgreement(rs.getLong(1), strings(rs.getArray(2))))
        .list();
  }

  /** An agreement active today: its id and datasets. */
  public record ActiveAgreement(long id, List<String> datasets) {}

  /** The classes the operation has chosen, keyed by {@code dataset + "\0" + field}. */
  public Map<String, SharingClass> classes(String operationCode) {
    Map<String, SharingClass> classes = new HashMap<>();
    jdbc.sql(
            "select dataset, field, class from access.sharing_class where operation_code ="
                + " :operation")
        .param("operation", operationCode)
        .query(
            (rs, n) ->
                classes.put(
                    rs.getString(1) + "\0" + rs.getString(2),
                    SharingClass.valueOf(rs.getString(3))))
        .list();
    return classes;
  }

  public void setClass(
      String operationCode, String dataset, String field, SharingClass sharingClass, String by) {
    jdbc.sql(
            """
            insert into access.sharing_class (operation_code, dataset, field, class, changed_by)
            values (:operation, :dataset, :field, :class, :by)
            on conflict (operation_code, dataset, field)
            do update set class = excluded.class, changed_by = excluded.changed_by,
                          changed_at = now()
            """)
        .param("operation", operationCode)
        .param("dataset", dataset)
        .param("field", field)
        .param("class", sharingClass.name())
        .param("by", by)
        .update();
  }

  public long insert(String operationCode, SharingAgreement.Request request, String createdBy) {
    return jdbc.sql(
            """
            insert into access.sharing_agreement
              (operation_code, partner, organisation, datasets, purpose, start_date, end_date,
               created_by)
            values (:operation, :partner, :organisation, :datasets, :purpose, :start, :end, :by)
            returning id
            """)
        .param("operation", operationCode)
        .param("partner", request.partner())
        .param("organisation", request.organisation())
        .param("datasets", request.datasets().toArray(String[]::new))
        .param("purpose", request.purpose().strip())
        .param("start", request.startDate())
        .param("end", request.endDate())
        .param("by", createdBy)
        .query(Long.class)
        .single();
  }

  /** Marks the agreement revoked; false when there is none such, or it is revoked already. */
  public boolean revoke(String operationCode, long id, String by) {
    return jdbc.sql(
                """
                update access.sharing_agreement set revoked_by = :by, revoked_at = now()
                 where id = :id and operation_code = :operation and revoked_at is null
                """)
            .param("by", by)
            .param("id", id)
            .param("operation", operationCode)
            .update()
        == 1;
  }

  public Optional<SharingAgreement> find(String operationCode, long id, LocalDate today) {
    return jdbc.sql(SELECT + " where operation_code = :operation and id = :id")
        .param("operation", operationCode)
        .param("id", id)
        .param("today", today)
        .query(SharingAgreements::agreement)
        .optional();
  }

  public List<SharingAgreement> list(String operationCode, LocalDate today) {
    return jdbc.sql(SELECT + " where operation_code = :operation order by id")
        .param("operation", operationCode)
        .param("today", today)
        .query(SharingAgreements::agreement)
        .list();
  }

  private static final String SELECT =
      """
      select id, operation_code, partner, organisation, datasets, purpose, start_date, end_date, created_by,
             created_at, revoked_by, revoked_at,
             case when revoked_at is not null then 'revoked'
                  when start_date > :today then 'scheduled'
                  when end_date <= :today then 'ended'
                  else 'active' end as status
        from access.sharing_agreement
      """;

  private static SharingAgreement agreement(ResultSet rs, int n) throws SQLException {
    Timestamp revokedAt = rs.getTimestamp("revoked_at");
    return new SharingAgreement(
        rs.getLong("id"),
        rs.getString("operation_code"),
        rs.getString("partner"),
        rs.getString("organisation"),
        strings(rs.getArray("datasets")),
        rs.getString("purpose"),
        rs.getObject("start_date", LocalDate.class),
        rs.getObject("end_date", LocalDate.class),
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getString("revoked_by"),
        revokedAt == null ? null : revokedAt.toInstant(),
        rs.getString("status"));
  }

  private static List<String> strings(Array array) throws SQLException {
    return Arrays.asList((String[]) array.getArray());
  }
}
