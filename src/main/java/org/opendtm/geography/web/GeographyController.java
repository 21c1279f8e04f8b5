package org.opendtm.geography.web;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.CrosswalkShare;
import org.opendtm.geography.GeographyErrorCode;
import org.opendtm.geography.GeographyImportReport;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.Operation;
import org.opendtm.geography.internal.AdminUnits;
import org.opendtm.geography.internal.BoundaryMaps;
import org.opendtm.geography.internal.GeographyImports;
import org.opendtm.geography.internal.GeographyProperties;
import org.opendtm.geography.internal.Locations;
import org.opendtm.geography.internal.Locations.LocationView;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.jobs.JobManagement;
import org.opendtm.platform.jobs.JobSpec;
import org.opendtm.platform.web.AsyncResponses;
import org.opendtm.platform.web.Uploads;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** An operation's geography: imports, admin units, boundaries, locations. */
@RestController
@RequestMapping("/api/v1/operations/{operation}/geography")
class GeographyController {

  private static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");

  private final GeographyManagement geography;
  private final GeographyImports imports;
  private final AdminUnits units;
  private final Locations locations;
  private final BoundaryMaps maps;
  private final GeographyProperties properties;
  private final JobManagement jobs;

  GeographyController(
      GeographyManagement geography,
      GeographyImports imports,
      AdminUnits units,
      Locations locations,
      BoundaryMaps maps,
      GeographyProperties properties,
      JobManagement jobs) {
    this.jobs = jobs;
    this.geography = geography;
    this.imports = imports;
    this.units = units;
    this.locations = locations;
    this.maps = maps;
    this.properties = properties;
  }

  /** A unit as the API shows it, with its parent's P-code. */
  record UnitView(
      long id,
      int level,
      String pcode,
      String name,
      String parentPcode,
      LocalDate validFrom,
      LocalDate validTo,
      boolean provisional,
      boolean current) {}

  /** A crosswalk edge, seen from one unit. */
  record CrosswalkEdge(long unitId, String pcode, String name, double share) {}

  record UnitDetail(
      UnitView unit,
      UnitView parent,
      List<UnitView> children,
      List<UnitView> versions,
      List<CrosswalkEdge> predecessors,
      List<CrosswalkEdge> successors,
      List<CrosswalkShare> currentShares) {}

  record LocationPage(List<LocationView> content, int page, int size, long totalElements) {}

  @Allow(Right.EDIT_GEOGRAPHY)
  @PostMapping(path = "/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<?> importFile(
      @PathVariable String operation,
      @RequestParam("file") MultipartFile file,
      @RequestParam(required = false) String format,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate validFrom,
      @RequestParam(required = false) String pcodeProperty,
      @RequestParam(required = false) Integer level,
      @RequestParam(name = AsyncResponses.PARAMETER, required = false) Boolean async,
      @RequestHeader(name = "Prefer", required = false) String prefer) {
    Operation op = geography.getOperation(operation);
    if (AsyncResponses.wanted(async, prefer)) {
      var kept = Uploads.keep(file, "opendtm-geography-");
      return AsyncResponses.accepted(
          jobs.submit(
              new JobSpec(
                      "geography-import",
                      operation,
                      Right.EDIT_GEOGRAPHY.name(),
                      file.getOriginalFilename(),
                      null,
                      null)
                  .withFile(kept),
              () -> imports.importFile(op, kept, format, kind, validFrom, pcodeProperty, level)));
    }
    GeographyImportReport report =
        Uploads.withTemporaryFile(
            file,
            "opendtm-geography-",
            path -> imports.importFile(op, path, format, kind, validFrom, pcodeProperty, level));
    return ResponseEntity.status(HttpStatus.CREATED).body(report);
  }

  @Allow(Right.EDIT_GEOGRAPHY)
  @PostMapping(path = "/crosswalks", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<GeographyImportReport> importCrosswalk(
      @PathVariable String operation,
      @RequestParam("file") MultipartFile file,
      @RequestParam(required = false) String format) {
    Operation op = geography.getOperation(operation);
    GeographyImportReport report =
        Uploads.withTemporaryFile(
            file, "opendtm-geography-", path -> imports.importCrosswalk(op, path, format));
    return ResponseEntity.status(HttpStatus.CREATED).body(report);
  }

  /**
   * Current units, or with {@code asOf} those valid on that day; all levels unless one is given.
   */
  @Allow(Right.READ_GEOGRAPHY)
  @GetMapping("/units")
  List<UnitView> units(
      @PathVariable String operation,
      @RequestParam(required = false) Integer level,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
          LocalDate asOf) {
    Operation op = geography.getOperation(operation);
    Map<Long, AdminUnit> byId = byId(op.id());
    List<AdminUnit> list =
        asOf == null ? units.listCurrent(op.id(), level) : units.listValidOn(op.id(), level, asOf);
    return list.stream().map(u -> view(u, byId)).toList();
  }

  @Allow(Right.READ_GEOGRAPHY)
  @GetMapping("/units/{pcode}")
  UnitDetail unit(@PathVariable String operation, @PathVariable String pcode) {
    Operation op = geography.getOperation(operation);
    AdminUnit unit = geography.getUnit(op.id(), pcode);
    Map<Long, AdminUnit> byId = byId(op.id());
    AdminUnit parent = unit.parentId() == null ? null : byId.get(unit.parentId());
    return new UnitDetail(
        view(unit, byId),
        parent == null ? null : view(parent, byId),
        units.listChildren(unit.id()).stream().map(u -> view(u, byId)).toList(),
        units.listVersions(op.id(), unit.pcode()).stream().map(u -> view(u, byId)).toList(),
        units.listCrosswalkTo(unit.id()).stream()
            .map(e -> edge(byId.get(e.fromUnitId()), e.share()))
            .toList(),
        units.listCrosswalkFrom(unit.id()).stream()
            .map(e -> edge(byId.get(e.toUnitId()), e.share()))
            .toList(),
        geography.crosswalkToCurrent(unit.id()));
  }

  @Allow(Right.READ_GEOGRAPHY)
  @GetMapping(
      path = "/boundaries",
      produces = {"application/geo+json", "application/json"})
  ResponseEntity<String> boundaries(
      @PathVariable String operation,
      @RequestParam int level,
      @RequestParam(required = false) Double tolerance) {
    Operation op = geography.getOperation(operation);
    double degrees = tolerance == null ? properties.boundaryTolerance() : tolerance;
    if (level < 0 || level > 5 || degrees < 0 || degrees > 1) {
      throw new OpenDtmException(
          PlatformErrorCode.BAD_REQUEST,
          "level goes from 0 to 5 and tolerance from 0 to 1 degree",
          List.of(new InputError(null, "tolerance", String.valueOf(degrees), "0 to 1 degree")));
    }
    return ResponseEntity.ok()
        .contentType(GEO_JSON)
        .body(maps.featureCollection(op.id(), level, degrees));
  }

  @Allow(Right.READ_LOCATIONS)
  @GetMapping("/locations")
  LocationPage locations(
      @PathVariable String operation,
      @RequestParam(required = false) String adminPcode,
      @RequestParam(required = false) String kind,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "100") int size) {
    Operation op = geography.getOperation(operation);
    if (page < 0 || size < 1 || size > 1000) {
      throw new OpenDtmException(
          PlatformErrorCode.BAD_REQUEST,
          "page starts at 0 and size goes from 1 to 1000",
          List.of(new InputError(null, "size", String.valueOf(size), "1 to 1000")));
    }
    LocationKind locationKind = null;
    if (kind != null && !kind.isBlank()) {
      try {
        locationKind = LocationKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new OpenDtmException(
            PlatformErrorCode.BAD_REQUEST,
            "Unknown location kind " + kind,
            List.of(
                new InputError(null, "kind", kind, "one of " + List.of(LocationKind.values()))));
      }
    }
    Long unitId = null;
    Integer unitLevel = null;
    if (adminPcode != null && !adminPcode.isBlank()) {
      AdminUnit unit = geography.getUnit(op.id(), adminPcode);
      unitId = unit.id();
      unitLevel = unit.level();
    }
    return new LocationPage(
        locations.listViews(op.id(), unitId, unitLevel, locationKind, page, size),
        page,
        size,
        locations.count(op.id(), unitId, unitLevel, locationKind));
  }

  @Allow(Right.READ_LOCATIONS)
  @GetMapping("/locations/{code}")
  LocationView location(@PathVariable String operation, @PathVariable String code) {
    Operation op = geography.getOperation(operation);
    return locations
        .findView(op.id(), code)
        .orElseThrow(
            () ->
                new NotFoundException(
                    GeographyErrorCode.LOCATION_NOT_FOUND, "No location with code " + code));
  }

  private Map<Long, AdminUnit> byId(long operationId) {
    Map<Long, AdminUnit> byId = new HashMap<>();
    for (AdminUnit unit : units.listAll(operationId)) byId.put(unit.id(), unit);
    return byId;
  }

  private static UnitView view(AdminUnit unit, Map<Long, AdminUnit> byId) {
    AdminUnit parent = unit.parentId() == null ? null : byId.get(unit.parentId());
    return new UnitView(
        unit.id(),
        unit.level(),
        unit.pcode(),
        unit.name(),
        parent == null ? null : parent.pcode(),
        unit.validFrom(),
        unit.validTo(),
        unit.provisional(),
        unit.validTo() == null);
  }

  private static CrosswalkEdge edge(AdminUnit unit, double share) {
    return new CrosswalkEdge(unit.id(), unit.pcode(), unit.name(), share);
  }
}
