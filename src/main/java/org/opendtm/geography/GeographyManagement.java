package org.opendtm.geography;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.opendtm.geography.internal.Countries;
import org.opendtm.geography.internal.Operations;
import org.opendtm.geography.internal.SimplePlaceResolver;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Operations and their geography: the public face of the geography module. */
@Service
public class GeographyManagement {

  private final Operations operations;
  private final JdbcClient jdbc;

  GeographyManagement(Operations operations, JdbcClient jdbc) {
    this.operations = operations;
    this.jdbc = jdbc;
  }

  /** An in-memory snapshot of the operation's units and locations for resolving imported rows. */
  public PlaceResolver placeResolver(long operationId) {
    return SimplePlaceResolver.load(jdbc, operationId, getOperation(operationId).countryIso3());
  }

  /**
   * Creates provisional units (to be reviewed), parents before children; a parent P-code must be a
   * current unit or one created earlier in the list.
   */
  @Transactional
  public List<AdminUnit> createProvisionalUnits(long operationId, List<NewAdminUnit> units) {
    java.util.Map<String, Long> ids = new java.util.HashMap<>();
    List<AdminUnit> created = new java.util.ArrayList<>();
    for (NewAdminUnit unit : units) {
      Long parentId = null;
      if (unit.parentPcode() != null) {
        parentId = ids.get(unit.parentPcode());
        if (parentId == null) {
          parentId =
              jdbc.sql(
                      "select id from geography.admin_unit where operation_id = :op and pcode ="
                          + " :pcode and valid_to is null")
                  .param("op", operationId)
                  .param("pcode", unit.parentPcode())
                  .query(Long.class)
                  .optional()
                  .orElse(null);
        }
      }
      AdminUnit row =
          jdbc.sql(
                  """
                  insert into geography.admin_unit (operation_id, level, pcode, name, parent_id, provisional)
                  values (:op, :level, :pcode, :name, :parent, true)
                  returning id, level, pcode, name, parent_id, valid_from, valid_to, provisional
                  """)
              .param("op", operationId)
              .param("level", unit.level())
              .param("pcode", unit.pcode())
              .param("name", unit.name())
              .param("parent", parentId)
              .query(
                  (rs, n) ->
                      new AdminUnit(
                          rs.getLong("id"),
                          rs.getInt("level"),
                          rs.getString("pcode"),
                          rs.getString("name"),
                          (Long) rs.getObject("parent_id"),
                          rs.getObject("valid_from", java.time.LocalDate.class),
                          rs.getObject("valid_to", java.time.LocalDate.class),
                          rs.getBoolean("provisional")))
              .single();
      ids.put(row.pcode(), row.id());
      created.add(row);
    }
    return created;
  }

  /** Creates the locations, or updates those whose code the operation has already. */
  @Transactional
  public List<Location> upsertLocations(long operationId, List<NewLocation> locations) {
    List<Location> result = new java.util.ArrayList<>();
    for (NewLocation location : locations) {
      result.add(
          jdbc.sql(
                  """
                  insert into geography.location (operation_id, code, name, kind, admin_unit_id, latitude, longitude)
                  values (:op, :code, :name, :kind, :unit, :lat, :lon)
                  on conflict (operation_id, code) do update set name = excluded.name,
                    kind = excluded.kind, admin_unit_id = excluded.admin_unit_id,
                    latitude = excluded.latitude, longitude = excluded.longitude
                  returning id, code, name, kind, admin_unit_id, latitude, longitude, boundary_unit_id
                  """)
              .param("op", operationId)
              .param("code", location.code())
              .param("name", location.name())
              .param("kind", location.kind().name())
              .param("unit", location.adminUnitId())
              .param("lat", location.latitude())
              .param("lon", location.longitude())
              .query(
                  (rs, n) ->
                      new Location(
                          rs.getLong("id"),
                          rs.getString("code"),
                          rs.getString("name"),
                          LocationKind.valueOf(rs.getString("kind")),
                          rs.getLong("admin_unit_id"),
                          (Double) rs.getObject("latitude"),
                          (Double) rs.getObject("longitude"),
                          (Long) rs.getObject("boundary_unit_id")))
              .single());
    }
    return result;
  }

  /** Opens an operation; bands and reasons default to DTM's usual lists. */
  @Transactional
  public Operation createOperation(NewOperation request) {
    String iso3 = request.countryIso3().toUpperCase(Locale.ROOT);
    String countryName = request.countryName();
    if (countryName == null || countryName.isBlank()) {
      countryName =
          Countries.englishName(iso3)
              .orElseThrow(
                  () ->
                      new OpenDtmException(
                          GeographyErrorCode.UNKNOWN_COUNTRY,
                          iso3
                              + " is not an ISO 3166-1 alpha-3 code known here; give countryName"
                              + " for a user-assigned code",
                          List.of(new InputError(null, "countryIso3", iso3, "unknown country"))));
    }
    if (operations.findByCode(request.code()).isPresent()) {
      throw new OpenDtmException(
          GeographyErrorCode.OPERATION_EXISTS,
          "An operation with code " + request.code() + " exists already",
          List.of(new InputError(null, "code", request.code(), "already used")));
    }
    long id =
        operations.insert(
            request.code(),
            request.name().strip(),
            iso3,
            countryName,
            request.adminLevels() == null ? 3 : request.adminLevels(),
            request.sexAgeBands() == null || request.sexAgeBands().isEmpty()
                ? NewOperation.DEFAULT_BANDS
                : request.sexAgeBands(),
            request.reasons() == null || request.reasons().isEmpty()
                ? NewOperation.DEFAULT_REASONS
                : request.reasons(),
            OperationSettings.defaults());
    return operations.findById(id).orElseThrow();
  }

  public Optional<Operation> findOperation(String code) {
    return operations.findByCode(code);
  }

  /** The operation with this code, or a 404 problem. */
  public Operation getOperation(String code) {
    return operations
        .findByCode(code)
        .orElseThrow(
            () ->
                new NotFoundException(
                    GeographyErrorCode.OPERATION_NOT_FOUND, "No operation with code " + code));
  }

  public Operation getOperation(long id) {
    return operations
        .findById(id)
        .orElseThrow(
            () ->
                new NotFoundException(
                    GeographyErrorCode.OPERATION_NOT_FOUND, "No operation with id " + id));
  }

  public List<Operation> listOperations() {
    return operations.list();
  }

  @Transactional
  public Operation updateSettings(String code, OperationSettings settings) {
    Operation operation = getOperation(code);
    operations.updateSettings(operation.id(), settings);
    return getOperation(code);
  }
}
