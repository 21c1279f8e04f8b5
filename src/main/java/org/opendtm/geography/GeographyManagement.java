package org.opendtm.geography;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.opendtm.geography.internal.AdminUnitWriter;
import org.opendtm.geography.internal.AdminUnits;
import org.opendtm.geography.internal.Countries;
import org.opendtm.geography.internal.GeographyImports;
import org.opendtm.geography.internal.LocationWriter;
import org.opendtm.geography.internal.Locations;
import org.opendtm.geography.internal.Operations;
import org.opendtm.geography.internal.PlaceResolvers;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Operations and their geography: the public face of the geography module. */
@Service
public class GeographyManagement {

  private final Operations operations;
  private final AdminUnits units;
  private final AdminUnitWriter unitWriter;
  private final LocationWriter locationWriter;
  private final PlaceResolvers resolvers;
  private final GeographyImports imports;
  private final ApplicationEventPublisher events;
  private final Locations locations;

  GeographyManagement(
      Locations locations,
      Operations operations,
      AdminUnits units,
      AdminUnitWriter unitWriter,
      LocationWriter locationWriter,
      PlaceResolvers resolvers,
      GeographyImports imports,
      ApplicationEventPublisher events) {
    this.locations = locations;
    this.imports = imports;
    this.events = events;
    this.operations = operations;
    this.units = units;
    this.unitWriter = unitWriter;
    this.locationWriter = locationWriter;
    this.resolvers = resolvers;
  }

  /**
   * Imports a P-code list, a location master list (CSV or XLSX with an HXL row) or GeoJSON
   * boundaries into the operation, all or nothing; see docs/import-formats.md.
   *
   * @param format csv, xlsx or geojson; detected from the content when null
   * @param kind PCODES, LOCATIONS or BOUNDARIES; detected when null
   * @param validFrom first day of a new geography version (P-code lists); null for the default
   * @param pcodeProperty GeoJSON property holding the P-code; null to try the usual names
   * @param level admin level of GeoJSON boundaries
   */
  public GeographyImportReport importGeography(
      String operationCode,
      Path file,
      String format,
      String kind,
      LocalDate validFrom,
      String pcodeProperty,
      Integer level) {
    return imports.importFile(
        getOperation(operationCode), file, format, kind, validFrom, pcodeProperty, level);
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
    // issue 4: public cells below 5 are never acceptable, whatever an operation wants
    if (settings.suppressionThreshold() < 5) {
      throw new org.opendtm.platform.OpenDtmException(
          GeographyErrorCode.INVALID_SETTINGS,
          "The operation settings are invalid",
          java.util.List.of(
              new org.opendtm.platform.InputError(
                  null,
                  "suppressionThreshold",
                  String.valueOf(settings.suppressionThreshold()),
                  "at least 5")));
    }
    Operation operation = getOperation(code);
    operations.updateSettings(operation.id(), settings);
    events.publishEvent(new OperationChanged(operation.id(), operation.code()));
    return getOperation(code);
  }

  /**
   * An in-memory snapshot of the operation's geography — every admin unit, current and retired,
   * every location and the current boundaries — for resolving the places of an import. Built with a
   * few queries; later changes are not seen by it.
   */
  @Transactional // joins a caller's (write) transaction; never marks it read-only
  public PlaceResolver placeResolver(long operationId) {
    return resolvers.snapshot(getOperation(operationId), true);
  }

  /**
   * Like {@link #placeResolver} but without the locations: every admin unit (current and retired)
   * and the current boundaries, for callers that only look units up (validation rules). Cheaper by
   * the size of the location list.
   */
  @Transactional
  public PlaceResolver unitResolver(long operationId) {
    return resolvers.snapshot(getOperation(operationId), false);
  }

  /**
   * Creates admin units from an assessment file for an operation without geography: flagged
   * provisional (to be reviewed), level by level, parents resolved by P-code among current units
   * and those created here; the flattened ancestry is filled in. Units whose P-code is current
   * already are skipped. Joins the caller's transaction.
   *
   * @return the units created
   */
  @Transactional
  public List<AdminUnit> createProvisionalUnits(long operationId, List<NewAdminUnit> units) {
    getOperation(operationId);
    return unitWriter.createProvisional(operationId, units);
  }

  /**
   * Creates or updates locations by code in bulk, checking each point against the boundaries at its
   * admin unit's level: a point in another unit sets {@link Location#boundaryUnitId()}, a point
   * outside every boundary is flagged too. Joins the caller's transaction.
   *
   * @return the stored locations, in the order requested
   */
  @Transactional
  public List<Location> upsertLocations(long operationId, List<NewLocation> locations) {
    getOperation(operationId);
    List<Location> stored = locationWriter.upsert(operationId, locations).stored();
    Map<String, Location> byCode = new HashMap<>(stored.size() * 4 / 3 + 1);
    for (Location location : stored) byCode.put(location.code(), location);
    return locations.stream().map(l -> byCode.get(l.code())).toList();
  }

  /**
   * Where an admin unit's figures go on today's geography: the current units its later versions
   * became, with shares, following crosswalks across any number of versions. A current unit maps to
   * itself with share 1; a retired unit without a crosswalk maps to nothing.
   */
  public List<CrosswalkShare> crosswalkToCurrent(long unitId) {
    return units.crosswalkToCurrent(unitId);
  }

  /** The current admin units of a level, by P-code. */
  /**
   * A digest of the operation's admin units that changes whenever any unit is added, renamed,
   * re-parented, retired or removed: lets other modules tell cheaply whether the geography they
   * last used is still the same.
   */
  public String geographyFingerprint(long operationId) {
    return units.fingerprint(operationId);
  }

  public List<AdminUnit> listUnits(long operationId, int level) {
    return units.listCurrent(operationId, level);
  }

  /**
   * The admin unit with this P-code (case-insensitive): the current version, else the most recently
   * retired one; a 404 problem when the operation never had it.
   */
  public AdminUnit getUnit(long operationId, String pcode) {
    return units.listVersions(operationId, pcode).stream()
        .findFirst()
        .orElseThrow(
            () ->
                new NotFoundException(
                    GeographyErrorCode.ADMIN_UNIT_NOT_FOUND, "No admin unit with P-code " + pcode));
  }

  /** The unit's current children (for a unit's page). */
  public List<AdminUnit> listChildren(long unitId) {
    return units.listChildren(unitId);
  }

  /** The admin unit with this id, if any (current or retired). */
  public Optional<AdminUnit> findUnit(long unitId) {
    return units.findById(unitId);
  }

  /** The operation's locations (sites, villages, …), all of them. */
  public List<Location> listLocations(long operationId) {
    return locations.listAll(operationId);
  }

  /** How many locations the operation has. */
  public long countLocations(long operationId) {
    return locations.count(operationId, null, null, null);
  }

  /** The location with this code (case-insensitive), if the operation has it. */
  public Optional<Location> findLocation(long operationId, String code) {
    return locations.find(operationId, code);
  }
}
