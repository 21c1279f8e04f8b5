package org.opendtm.geography.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opendtm.geography.Location;
import org.opendtm.geography.LocationCells;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.NewLocation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The location table. */
@Repository
public class Locations {

  /** Rows per upsert statement: large enough to be fast, small enough for modest arrays. */
  static final int CHUNK = 20_000;

  private static final String COLUMNS =
      "id, code, name, kind, admin_unit_id, latitude, longitude, boundary_unit_id";

  /** A location as the API shows it, with the P-codes of its unit and of the boundary found. */
  public record LocationView(
      String code,
      String name,
      LocationKind kind,
      String adminPcode,
      String adminName,
      int adminLevel,
      Double latitude,
      Double longitude,
      String boundaryPcode,
      boolean outsideBoundaries) {}

  /** What the point-in-polygon check found for one location. */
  public record BoundaryCheck(Long boundaryUnitId, boolean outside) {
    public static final BoundaryCheck NONE = new BoundaryCheck(null, false);
  }

  private final JdbcClient jdbc;

  Locations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Location> find(long operationId, String code) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from geography.location where operation_id = :op and upper(code) = upper(:code)")
        .param("op", operationId)
        .param("code", code)
        .query(Locations::map)
        .optional();
  }

  public List<Location> listAll(long operationId) {
    return jdbc.sql("select " + COLUMNS + " from geography.location where operation_id = :op")
        .param("op", operationId)
        .query(Locations::map)
        .list();
  }

  /**
   * The operation's located places inside a view, grouped by squares of {@code cellDegrees}: one
   * statement, one pass over the operation's rows, whatever the zoom.
   */
  public LocationCells cells(long operationId, LocationCells.View view, double cellDegrees) {
    List<LocationCells.Cell> cells =
        jdbc.sql(
                """
                select avg(latitude) as latitude, avg(longitude) as longitude, count(*) as places,
                       case when count(*) = 1 then min(code) end as code,
                       case when count(*) = 1 then min(name) end as name,
                       case when count(*) = 1 then min(kind) end as kind
                  from geography.location
                 where operation_id = :op
                   and latitude between :south and :north
                   and longitude between :west and :east
                 group by floor(latitude / :cell), floor(longitude / :cell)
                """)
            .param("op", operationId)
            .param("south", view.south())
            .param("north", view.north())
            .param("west", view.west())
            .param("east", view.east())
            .param("cell", cellDegrees)
            .query(
                (rs, n) ->
                    new LocationCells.Cell(
                        rs.getDouble("latitude"),
                        rs.getDouble("longitude"),
                        rs.getInt("places"),
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getString("kind") == null
                            ? null
                            : LocationKind.valueOf(rs.getString("kind"))))
            .list();
    long places = cells.stream().mapToLong(LocationCells.Cell::count).sum();
    return new LocationCells(cellDegrees, places, cells);
  }

  /**
   * Inserts or updates locations by code, in statements of {@value #CHUNK} rows. Returns the stored
   * rows in no particular order.
   */
  public List<Location> upsert(
      long operationId, List<NewLocation> locations, List<BoundaryCheck> checks) {
    List<Location> stored = new ArrayList<>(locations.size());
    for (int from = 0; from < locations.size(); from += CHUNK) {
      int to = Math.min(locations.size(), from + CHUNK);
      stored.addAll(
          upsertChunk(operationId, locations.subList(from, to), checks.subList(from, to)));
    }
    return stored;
  }

  private List<Location> upsertChunk(
      long operationId, List<NewLocation> locations, List<BoundaryCheck> checks) {
    Columns columns = new Columns(locations, checks);
    return jdbc.sql(
            """
            insert into geography.location
              (operation_id, code, name, kind, admin_unit_id, latitude, longitude,
               boundary_unit_id, outside_boundaries)
            select :op, r.code, r.name, r.kind, r.unit, r.lat, r.lon, r.boundary, r.outside
              from unnest(cast(:codes as text[]), cast(:names as text[]), cast(:kinds as text[]),
                          cast(:units as bigint[]), cast(:lats as float8[]),
                          cast(:lons as float8[]), cast(:boundaries as bigint[]),
                          cast(:outside as boolean[]))
                   as r(code, name, kind, unit, lat, lon, boundary, outside)
            on conflict (operation_id, code) do update set
              name = excluded.name, kind = excluded.kind, admin_unit_id = excluded.admin_unit_id,
              latitude = excluded.latitude, longitude = excluded.longitude,
              boundary_unit_id = excluded.boundary_unit_id,
              outside_boundaries = excluded.outside_boundaries, active = true
            returning
            """
                + COLUMNS)
        .param("op", operationId)
        .params(columns.parameters())
        .query(Locations::map)
        .list();
  }

  /** A chunk of locations as one array per column, bound to the unnest(...) of the upserts. */
  private static final class Columns {
    private final java.util.Map<String, Object> parameters = new java.util.HashMap<>();
    final String[] codes;
    final String[] names;
    final String[] kinds;
    final Long[] units;
    final Double[] latitudes;
    final Double[] longitudes;
    final Long[] boundaryUnits;
    final Boolean[] outside;

    Columns(List<NewLocation> locations, List<BoundaryCheck> checks) {
      int n = locations.size();
      codes = new String[n];
      names = new String[n];
      kinds = new String[n];
      units = new Long[n];
      latitudes = new Double[n];
      longitudes = new Double[n];
      boundaryUnits = new Long[n];
      outside = new Boolean[n];
      for (int i = 0; i < n; i++) {
        NewLocation location = locations.get(i);
        codes[i] = location.code();
        names[i] = location.name();
        kinds[i] = location.kind().name();
        units[i] = location.adminUnitId();
        latitudes[i] = location.latitude();
        longitudes[i] = location.longitude();
        boundaryUnits[i] = checks.get(i).boundaryUnitId();
        outside[i] = checks.get(i).outside();
      }
      parameters.put("codes", codes);
      parameters.put("names", names);
      parameters.put("kinds", kinds);
      parameters.put("units", units);
      parameters.put("lats", latitudes);
      parameters.put("lons", longitudes);
      parameters.put("boundaries", boundaryUnits);
      parameters.put("outside", outside);
    }

    java.util.Map<String, Object> parameters() {
      return parameters;
    }
  }

  /** How an upsert of a chunk went: rows new, changed and the same as stored. */
  public record UpsertCounts(int created, int updated, int unchanged) {}

  /**
   * Inserts or updates one chunk of locations by code, like {@link #upsert}, but returns only the
   * counts: the stored rows before the statement are compared with the request in the same
   * statement (name, kind, unit, coordinates, as the import report counts them), so no snapshot of
   * the operation's locations is needed and nothing per row comes back. A stored row that would not
   * change is not written again (no new row version, index entries or WAL): re-importing an
   * unchanged master list of 100,000 locations wrote every row (~2.5 s of PostgreSQL), now ~0.6 s.
   *
   * <p>Plain JDBC on the given connection: an import runs it on its {@code TransactionWriter}'s
   * thread, with the request's transaction.
   */
  public UpsertCounts upsertCounting(
      Connection connection,
      long operationId,
      List<NewLocation> locations,
      List<BoundaryCheck> checks)
      throws SQLException {
    Columns columns = new Columns(locations, checks);
    try (PreparedStatement statement = connection.prepareStatement(UPSERT_COUNTING)) {
      statement.setArray(1, connection.createArrayOf("text", columns.codes));
      statement.setArray(2, connection.createArrayOf("text", columns.names));
      statement.setArray(3, connection.createArrayOf("text", columns.kinds));
      statement.setArray(4, connection.createArrayOf("int8", columns.units));
      statement.setArray(5, connection.createArrayOf("float8", columns.latitudes));
      statement.setArray(6, connection.createArrayOf("float8", columns.longitudes));
      statement.setArray(7, connection.createArrayOf("int8", columns.boundaryUnits));
      statement.setArray(8, connection.createArrayOf("bool", columns.outside));
      statement.setLong(9, operationId);
      statement.setLong(10, operationId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return new UpsertCounts(rs.getInt("created"), rs.getInt("updated"), rs.getInt("unchanged"));
      }
    }
  }

  /**
   * The stored rows before the statement are compared with the request in the same statement
   * ({@code old}); {@code up} writes only the rows that differ (a data-changing CTE always runs to
   * its end, referenced or not).
   */
  private static final String UPSERT_COUNTING =
      """
      with r as (
        select * from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]),
                             cast(? as bigint[]), cast(? as float8[]), cast(? as float8[]),
                             cast(? as bigint[]), cast(? as boolean[]))
               as r(code, name, kind, unit, lat, lon, boundary, outside)),
      old as (
        select (l.name, l.kind, l.admin_unit_id, l.latitude, l.longitude)
                 is not distinct from (r.name, r.kind, r.unit, r.lat, r.lon) as same
          from geography.location l join r on l.code = r.code
         where l.operation_id = ?),
      up as (
        insert into geography.location as l
          (operation_id, code, name, kind, admin_unit_id, latitude, longitude,
           boundary_unit_id, outside_boundaries)
        select ?, code, name, kind, unit, lat, lon, boundary, outside from r
        on conflict (operation_id, code) do update set
          name = excluded.name, kind = excluded.kind, admin_unit_id = excluded.admin_unit_id,
          latitude = excluded.latitude, longitude = excluded.longitude,
          boundary_unit_id = excluded.boundary_unit_id,
          outside_boundaries = excluded.outside_boundaries, active = true
        where (l.name, l.kind, l.admin_unit_id, l.latitude, l.longitude, l.boundary_unit_id,
               l.outside_boundaries, l.active)
              is distinct from
              (excluded.name, excluded.kind, excluded.admin_unit_id, excluded.latitude,
               excluded.longitude, excluded.boundary_unit_id, excluded.outside_boundaries, true)
        returning 1)
      select (select count(*) from r) - (select count(*) from old) as created,
             (select count(*) filter (where not same) from old) as updated,
             (select count(*) filter (where same) from old) as unchanged
      """;

  private static final String VIEW =
      """
      select l.code, l.name, l.kind, u.pcode as admin_pcode, u.name as admin_name,
             u.level as admin_level, l.latitude, l.longitude, b.pcode as boundary_pcode,
             l.outside_boundaries
        from geography.location l
        join geography.admin_unit u on u.id = l.admin_unit_id
        left join geography.admin_unit b on b.id = l.boundary_unit_id
      """;

  public Optional<LocationView> findView(long operationId, String code) {
    return jdbc.sql(VIEW + " where l.operation_id = :op and l.code = :code")
        .param("op", operationId)
        .param("code", code)
        .query(Locations::mapView)
        .optional();
  }

  /**
   * A page of locations, optionally within a unit's subtree (via the flattened ancestry) and of one
   * kind, ordered by code.
   */
  public List<LocationView> listViews(
      long operationId,
      Long withinUnitId,
      Integer withinLevel,
      LocationKind kind,
      int page,
      int size) {
    return jdbc.sql(VIEW + where(withinLevel) + " order by l.code limit :size offset :offset")
        .param("op", operationId)
        .param("unit", withinUnitId)
        .param("kind", kind == null ? null : kind.name())
        .param("size", size)
        .param("offset", (long) page * size)
        .query(Locations::mapView)
        .list();
  }

  public long count(long operationId, Long withinUnitId, Integer withinLevel, LocationKind kind) {
    return jdbc.sql(
            "select count(*) from geography.location l"
                + " join geography.admin_unit u on u.id = l.admin_unit_id"
                + where(withinLevel))
        .param("op", operationId)
        .param("unit", withinUnitId)
        .param("kind", kind == null ? null : kind.name())
        .query(Long.class)
        .single();
  }

  private static String where(Integer withinLevel) {
    String sql = " where l.operation_id = :op and (cast(:kind as text) is null or l.kind = :kind)";
    if (withinLevel == null) return sql;
    // the column is chosen from a fixed list by level, never from input text
    String column =
        switch (withinLevel) {
          case 0 -> "adm0_id";
          case 1 -> "adm1_id";
          case 2 -> "adm2_id";
          case 3 -> "adm3_id";
          case 4 -> "adm4_id";
          default -> "adm5_id";
        };
    return sql
        + " and exists (select 1 from geography.admin_unit_ancestry a"
        + " where a.unit_id = l.admin_unit_id and a."
        + column
        + " = :unit)";
  }

  static Location map(ResultSet rs, int row) throws SQLException {
    long boundary = rs.getLong("boundary_unit_id");
    Long boundaryUnitId = rs.wasNull() ? null : boundary;
    return new Location(
        rs.getLong("id"),
        rs.getString("code"),
        rs.getString("name"),
        LocationKind.valueOf(rs.getString("kind")),
        rs.getLong("admin_unit_id"),
        (Double) rs.getObject("latitude"),
        (Double) rs.getObject("longitude"),
        boundaryUnitId);
  }

  static LocationView mapView(ResultSet rs, int row) throws SQLException {
    return new LocationView(
        rs.getString("code"),
        rs.getString("name"),
        LocationKind.valueOf(rs.getString("kind")),
        rs.getString("admin_pcode"),
        rs.getString("admin_name"),
        rs.getInt("admin_level"),
        (Double) rs.getObject("latitude"),
        (Double) rs.getObject("longitude"),
        rs.getString("boundary_pcode"),
        rs.getBoolean("outside_boundaries"));
  }
}
