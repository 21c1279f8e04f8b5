package org.opendtm.geography.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.CrosswalkShare;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The admin_unit table with its flattened ancestry, boundaries and crosswalk. */
@Repository
public class AdminUnits {

  static final String COLUMNS =
      "id, level, pcode, name, parent_id, valid_from, valid_to, provisional";

  /** A stored boundary, as WKB. */
  public record StoredBoundary(long unitId, byte[] wkb) {}

  /** A row to insert: a unit whose parent is already stored. */
  public record UnitRow(int level, String pcode, String name, Long parentId) {}

  /** A crosswalk edge between two stored units. */
  public record Edge(long fromUnitId, long toUnitId, double share) {}

  private final JdbcClient jdbc;

  /**
   * A digest of every admin unit of the operation (identity, level, P-code, name, parent, validity,
   * provisional): changes whenever any of them changes, "-" when there are none.
   */
  public String fingerprint(long operationId) {
    return jdbc.sql(
            """
            select coalesce(md5(string_agg(
                     concat_ws(':', u.id, u.level, u.pcode, u.name, u.parent_id, u.valid_from,
                               u.valid_to, u.provisional), ',' order by u.id)), '-')
              from geography.admin_unit u
             where u.operation_id = :operation
            """)
        .param("operation", operationId)
        .query(String.class)
        .single();
  }

  AdminUnits(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every unit the operation ever had, current and retired. */
  public List<AdminUnit> listAll(long operationId) {
    return jdbc.sql(
            "select " + COLUMNS + " from geography.admin_unit where operation_id = :op order by id")
        .param("op", operationId)
        .query(AdminUnits::map)
        .list();
  }

  /** Current units, at one level or (level null) all levels. */
  public List<AdminUnit> listCurrent(long operationId, Integer level) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + """
                 from geography.admin_unit
                 where operation_id = :op and valid_to is null
                   and (cast(:level as int) is null or level = cast(:level as int))
                 order by level, pcode
                """)
        .param("op", operationId)
        .param("level", level)
        .query(AdminUnits::map)
        .list();
  }

  /** Units valid on a date, at one level or (level null) all levels. */
  public List<AdminUnit> listValidOn(long operationId, Integer level, LocalDate date) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + """
                 from geography.admin_unit
                 where operation_id = :op and valid_from <= :date
                   and (valid_to is null or valid_to > :date)
                   and (cast(:level as int) is null or level = cast(:level as int))
                 order by level, pcode
                """)
        .param("op", operationId)
        .param("date", Date.valueOf(date))
        .param("level", level)
        .query(AdminUnits::map)
        .list();
  }

  /** All versions of a P-code, newest first (the current one, if any, comes first). */
  public List<AdminUnit> listVersions(long operationId, String pcode) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + """
                 from geography.admin_unit
                 where operation_id = :op and upper(pcode) = upper(:pcode)
                 order by valid_to desc nulls first, id desc
                """)
        .param("op", operationId)
        .param("pcode", pcode.strip())
        .query(AdminUnits::map)
        .list();
  }

  public Optional<AdminUnit> findById(long id) {
    return jdbc.sql("select " + COLUMNS + " from geography.admin_unit where id = :id")
        .param("id", id)
        .query(AdminUnits::map)
        .optional();
  }

  public List<AdminUnit> listChildren(long unitId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from geography.admin_unit where parent_id = :id and valid_to is null"
                + " order by pcode")
        .param("id", unitId)
        .query(AdminUnits::map)
        .list();
  }

  /** Boundaries of the current units (null geometries left out). */
  public List<StoredBoundary> listCurrentBoundaries(long operationId, Integer level) {
    return jdbc.sql(
            """
            select id, geometry from geography.admin_unit
             where operation_id = :op and valid_to is null and geometry is not null
               and (cast(:level as int) is null or level = cast(:level as int))
            """)
        .param("op", operationId)
        .param("level", level)
        .query((rs, n) -> new StoredBoundary(rs.getLong(1), rs.getBytes(2)))
        .list();
  }

  /**
   * Inserts units in one statement; parents must be stored already (insert level by level). Returns
   * the stored units, in no particular order.
   */
  public List<AdminUnit> insertAll(
      long operationId, List<UnitRow> rows, LocalDate validFrom, boolean provisional) {
    if (rows.isEmpty()) return List.of();
    Integer[] levels = new Integer[rows.size()];
    String[] pcodes = new String[rows.size()];
    String[] names = new String[rows.size()];
    Long[] parents = new Long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      UnitRow row = rows.get(i);
      levels[i] = row.level();
      pcodes[i] = row.pcode();
      names[i] = row.name();
      parents[i] = row.parentId();
    }
    return jdbc.sql(
            """
            insert into geography.admin_unit
              (operation_id, level, pcode, name, parent_id, valid_from, provisional)
            select :op, r.level, r.pcode, r.name, r.parent_id, :validFrom, :provisional
              from unnest(cast(:levels as int[]), cast(:pcodes as text[]), cast(:names as text[]),
                          cast(:parents as bigint[])) as r(level, pcode, name, parent_id)
            returning
            """
                + COLUMNS)
        .param("op", operationId)
        .param("validFrom", Date.valueOf(validFrom))
        .param("provisional", provisional)
        .param("levels", levels)
        .param("pcodes", pcodes)
        .param("names", names)
        .param("parents", parents)
        .query(AdminUnits::map)
        .list();
  }

  /** Ends the validity of units on a date (exclusive end). */
  public void retire(Collection<Long> unitIds, LocalDate validTo) {
    if (unitIds.isEmpty()) return;
    jdbc.sql(
            """
            update geography.admin_unit set valid_to = :validTo
             where id = any(cast(:ids as bigint[])) and valid_to is null
            """)
        .param("validTo", Date.valueOf(validTo))
        .param("ids", unitIds.toArray(Long[]::new))
        .update();
  }

  /** Points units at new parents (children following a parent that got a new version). */
  public void reparent(List<Long> unitIds, List<Long> parentIds) {
    if (unitIds.isEmpty()) return;
    jdbc.sql(
            """
            update geography.admin_unit u set parent_id = r.parent_id
              from unnest(cast(:ids as bigint[]), cast(:parents as bigint[])) as r(id, parent_id)
             where u.id = r.id
            """)
        .param("ids", unitIds.toArray(Long[]::new))
        .param("parents", parentIds.toArray(Long[]::new))
        .update();
  }

  /**
   * Writes the flattened ancestry of units. {@code ancestors[i]} holds the ids at levels 0..5 of
   * {@code units[i]} (null where it has none).
   */
  public void upsertAncestry(long operationId, List<AdminUnit> units, List<Long[]> ancestors) {
    if (units.isEmpty()) return;
    int n = units.size();
    Long[] ids = new Long[n];
    Integer[] levels = new Integer[n];
    Long[][] columns = new Long[6][n];
    for (int i = 0; i < n; i++) {
      ids[i] = units.get(i).id();
      levels[i] = units.get(i).level();
      for (int l = 0; l < 6; l++) columns[l][i] = ancestors.get(i)[l];
    }
    jdbc.sql(
            """
            insert into geography.admin_unit_ancestry
              (unit_id, operation_id, level, adm0_id, adm1_id, adm2_id, adm3_id, adm4_id, adm5_id)
            select r.id, :op, r.level, r.a0, r.a1, r.a2, r.a3, r.a4, r.a5
              from unnest(cast(:ids as bigint[]), cast(:levels as int[]), cast(:a0 as bigint[]),
                          cast(:a1 as bigint[]), cast(:a2 as bigint[]), cast(:a3 as bigint[]),
                          cast(:a4 as bigint[]), cast(:a5 as bigint[]))
                   as r(id, level, a0, a1, a2, a3, a4, a5)
            on conflict (unit_id) do update set
              level = excluded.level, adm0_id = excluded.adm0_id, adm1_id = excluded.adm1_id,
              adm2_id = excluded.adm2_id, adm3_id = excluded.adm3_id, adm4_id = excluded.adm4_id,
              adm5_id = excluded.adm5_id
            """)
        .param("op", operationId)
        .param("ids", ids)
        .param("levels", levels)
        .param("a0", columns[0])
        .param("a1", columns[1])
        .param("a2", columns[2])
        .param("a3", columns[3])
        .param("a4", columns[4])
        .param("a5", columns[5])
        .update();
  }

  /** Stores boundaries (WKB) of units. */
  public void setBoundaries(List<StoredBoundary> boundaries) {
    if (boundaries.isEmpty()) return;
    // one statement per unit: boundaries are few (thousands at most) and each is large
    for (StoredBoundary b : boundaries) {
      jdbc.sql("update geography.admin_unit set geometry = :wkb where id = :id")
          .param("wkb", b.wkb())
          .param("id", b.unitId())
          .update();
    }
  }

  /** Replaces the crosswalk edges leaving the given units by new ones. */
  public void replaceCrosswalk(Collection<Long> fromUnitIds, List<Edge> edges) {
    if (!fromUnitIds.isEmpty()) {
      jdbc.sql(
              "delete from geography.admin_crosswalk where from_unit_id = any(cast(:ids as"
                  + " bigint[]))")
          .param("ids", fromUnitIds.toArray(Long[]::new))
          .update();
    }
    if (edges.isEmpty()) return;
    Long[] from = new Long[edges.size()];
    Long[] to = new Long[edges.size()];
    Double[] shares = new Double[edges.size()];
    for (int i = 0; i < edges.size(); i++) {
      from[i] = edges.get(i).fromUnitId();
      to[i] = edges.get(i).toUnitId();
      shares[i] = edges.get(i).share();
    }
    jdbc.sql(
            """
            insert into geography.admin_crosswalk (from_unit_id, to_unit_id, share)
            select r.f, r.t, r.s
              from unnest(cast(:from as bigint[]), cast(:to as bigint[]),
                          cast(:shares as float8[])) as r(f, t, s)
            on conflict (from_unit_id, to_unit_id) do update set share = excluded.share
            """)
        .param("from", from)
        .param("to", to)
        .param("shares", shares)
        .update();
  }

  /** Edges leaving a unit (towards its successors). */
  public List<Edge> listCrosswalkFrom(long unitId) {
    return jdbc.sql(
            "select from_unit_id, to_unit_id, share from geography.admin_crosswalk"
                + " where from_unit_id = :id order by to_unit_id")
        .param("id", unitId)
        .query((rs, n) -> new Edge(rs.getLong(1), rs.getLong(2), rs.getDouble(3)))
        .list();
  }

  /** Edges arriving at a unit (from its predecessors). */
  public List<Edge> listCrosswalkTo(long unitId) {
    return jdbc.sql(
            "select from_unit_id, to_unit_id, share from geography.admin_crosswalk"
                + " where to_unit_id = :id order by from_unit_id")
        .param("id", unitId)
        .query((rs, n) -> new Edge(rs.getLong(1), rs.getLong(2), rs.getDouble(3)))
        .list();
  }

  /**
   * Follows crosswalk edges from a unit through every later version until current units,
   * multiplying shares along the way. A current unit maps to itself with share 1; a retired unit
   * without a crosswalk maps to nothing.
   */
  public List<CrosswalkShare> crosswalkToCurrent(long unitId) {
    return jdbc.sql(
            """
            with recursive walk (unit_id, share, depth) as (
              select cast(:id as bigint), cast(1 as float8), 0
              union all
              select c.to_unit_id, w.share * cast(c.share as float8), w.depth + 1
                from walk w
                join geography.admin_unit u on u.id = w.unit_id and u.valid_to is not null
                join geography.admin_crosswalk c on c.from_unit_id = w.unit_id
               where w.depth < 32
            )
            select u.id, u.pcode, sum(w.share) as share
              from walk w join geography.admin_unit u on u.id = w.unit_id
             where u.valid_to is null
             group by u.id, u.pcode
             order by u.pcode
            """)
        .param("id", unitId)
        .query((rs, n) -> new CrosswalkShare(rs.getLong(1), rs.getString(2), rs.getDouble(3)))
        .list();
  }

  /** Marks the operation's geography as changed; caches keyed on the revision drop out. */
  public void bumpRevision(long operationId) {
    jdbc.sql(
            "update geography.operation set geography_revision = geography_revision + 1"
                + " where id = :op")
        .param("op", operationId)
        .update();
  }

  public long revision(long operationId) {
    return jdbc.sql("select geography_revision from geography.operation where id = :op")
        .param("op", operationId)
        .query(Long.class)
        .single();
  }

  static AdminUnit map(ResultSet rs, int row) throws SQLException {
    long parent = rs.getLong("parent_id");
    Long parentId = rs.wasNull() ? null : parent;
    Date validTo = rs.getDate("valid_to");
    return new AdminUnit(
        rs.getLong("id"),
        rs.getInt("level"),
        rs.getString("pcode"),
        rs.getString("name"),
        parentId,
        rs.getDate("valid_from").toLocalDate(),
        validTo == null ? null : validTo.toLocalDate(),
        rs.getBoolean("provisional"));
  }
}
