package org.opendtm.ui.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.PublicPublishedData;
import org.opendtm.access.Right;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.GeographyMaps;
import org.opendtm.geography.LocationCells;
import org.opendtm.geography.Operation;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.publication.PublicOperation;
import org.opendtm.publication.PublicReads;
import org.opendtm.publication.PublicationErrorCode;
import org.opendtm.publication.PublicationManagement;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * An operation's dashboard (signed in: published aggregates) and its public twin (what the public
 * DTM API shows), with the table's CSV/XLSX downloads and the map's data.
 */
@Controller
class DashboardController {

  private static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");

  private final Dashboards dashboards;
  private final PublicDashboards publicDashboards;
  private final GeographyManagement geography;
  private final GeographyMaps maps;
  private final PublicReads publicReads;
  private final PublicationManagement publication;
  private final AccessPolicy access;
  private final ObjectMapper json;

  DashboardController(
      Dashboards dashboards,
      PublicDashboards publicDashboards,
      GeographyManagement geography,
      GeographyMaps maps,
      PublicReads publicReads,
      PublicationManagement publication,
      AccessPolicy access,
      ObjectMapper json) {
    this.publication = publication;
    this.dashboards = dashboards;
    this.publicDashboards = publicDashboards;
    this.geography = geography;
    this.maps = maps;
    this.publicReads = publicReads;
    this.access = access;
    this.json = json;
  }

  @GetMapping("/app/operations/{operation}")
  @Allow(Right.READ_PUBLISHED)
  String dashboard(
      @PathVariable String operation,
      @RequestParam(required = false) Integer round,
      @RequestParam(required = false) Integer level,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String area,
      Model model)
      throws IOException {
    Dashboard dashboard = signedIn(operation, round, level, type, blank(area));
    String code = dashboard.operationCode();
    model.addAttribute("d", dashboard);
    model.addAttribute("partnerView", dashboard.publicView());
    model.addAttribute("data", data(dashboard));
    model.addAttribute("action", "/app/operations/" + code);
    model.addAttribute(
        "boundariesUrl",
        "/api/v1/operations/" + code + "/geography/boundaries?level=" + dashboard.level());
    model.addAttribute(
        "sitesUrl",
        access.holds(code, Right.READ_LOCATIONS) ? "/app/operations/" + code + "/sites" : null);
    model.addAttribute("downloadBase", "/app/operations/" + code + "/table");
    model.addAttribute("breakdownsJson", script(dashboard.breakdowns()));
    model.addAttribute(
        "placeBase",
        access.holds(code, Right.READ_ASSESSMENTS) ? "/app/operations/" + code + "/places" : null);
    return "dashboard";
  }

  @GetMapping("/app/operations/{operation}/table.csv")
  @Allow(Right.READ_PUBLISHED)
  void tableCsv(
      @PathVariable String operation,
      @RequestParam(required = false) Integer round,
      @RequestParam(required = false) Integer level,
      @RequestParam(required = false) String type,
      HttpServletResponse response)
      throws IOException {
    AreaTables.csv(publishedOrFail(signedIn(operation, round, level, type, null)), response);
  }

  @GetMapping("/app/operations/{operation}/table.xlsx")
  @Allow(Right.READ_PUBLISHED)
  void tableXlsx(
      @PathVariable String operation,
      @RequestParam(required = false) Integer round,
      @RequestParam(required = false) Integer level,
      @RequestParam(required = false) String type,
      HttpServletResponse response)
      throws IOException {
    AreaTables.xlsx(publishedOrFail(signedIn(operation, round, level, type, null)), response);
  }

  /**
   * The operation's located places in a map view, grouped server-side into grid cells of about
   * {@value #CELL_PIXELS} pixels at the map's zoom: {@code {"places": N, "cell": degrees, "cells":
   * [[lat, lon, count, code, name, kind], …]}}, code, name and kind only for a cell of one place.
   * The map asks again at each move, so a browser never receives 100,000 points (5.5 MB) but a few
   * hundred cells. Without {@code bbox} (west,south,east,north) the whole world; without {@code
   * zoom}, zoom 0.
   */
  @GetMapping(path = "/app/operations/{operation}/sites", produces = "application/json")
  @Allow(Right.READ_LOCATIONS)
  @ResponseBody
  SiteCells sites(
      @PathVariable String operation,
      @RequestParam(required = false) String bbox,
      @RequestParam(defaultValue = "0") String zoom) {
    List<InputError> errors = new ArrayList<>();
    LocationCells.View view = view(bbox, errors);
    Integer z = zoom(zoom, errors);
    if (!errors.isEmpty()) {
      // the sentence names every bad parameter: ui's failures are shown as a page (PageErrors)
      throw new OpenDtmException(
          PlatformErrorCode.BAD_REQUEST,
          "Not a map view: "
              + String.join("; ", errors.stream().map(InputError::toString).toList()),
          errors);
    }
    Operation op = geography.getOperation(operation);
    LocationCells found = maps.locationCells(op.id(), view, z, CELL_PIXELS);
    List<Object[]> cells = new ArrayList<>(found.cells().size());
    for (LocationCells.Cell c : found.cells()) {
      cells.add(
          new Object[] {
            round(c.latitude()),
            round(c.longitude()),
            c.count(),
            c.code(),
            c.name(),
            c.kind() == null ? null : c.kind().name()
          });
    }
    return new SiteCells(found.places(), found.cellDegrees(), cells);
  }

  /** Side of a cell of the sites layer on screen: about a cluster mark and its margin. */
  static final int CELL_PIXELS = 48;

  /** What the map's sites layer receives. */
  record SiteCells(long places, double cell, List<Object[]> cells) {}

  /** Five decimals of a degree: about a metre, and a third fewer bytes than a double's digits. */
  private static double round(double degrees) {
    return Math.round(degrees * 1e5) / 1e5;
  }

  private static LocationCells.View view(String bbox, List<InputError> errors) {
    if (bbox == null || bbox.isBlank()) return LocationCells.View.WORLD;
    String[] parts = bbox.split(",");
    if (parts.length == 4) {
      try {
        double west = Math.max(-180, Double.parseDouble(parts[0].strip()));
        double south = Math.max(-90, Double.parseDouble(parts[1].strip()));
        double east = Math.min(180, Double.parseDouble(parts[2].strip()));
        double north = Math.min(90, Double.parseDouble(parts[3].strip()));
        return new LocationCells.View(west, south, east, north);
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    errors.add(
        new InputError(
            null,
            "bbox",
            bbox,
            "expected west,south,east,north in degrees, west ≤ east, south ≤ north"));
    return null;
  }

  private static Integer zoom(String zoom, List<InputError> errors) {
    try {
      int z = Integer.parseInt(zoom.strip());
      if (z >= 0 && z <= 24) return z;
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new InputError(null, "zoom", zoom, "expected a whole number from 0 to 24"));
    return null;
  }

  @GetMapping("/public/operations/{operation}")
  @PublicPublishedData
  String publicDashboard(
      @PathVariable String operation,
      @RequestParam(required = false) Integer round,
      @RequestParam(required = false) Integer level,
      @RequestParam(required = false) String type,
      Model model)
      throws IOException {
    Dashboard dashboard = publicDashboards.build(operation, round, level, upper(type), false);
    String code = dashboard.operationCode();
    model.addAttribute("d", dashboard);
    model.addAttribute("data", data(dashboard));
    model.addAttribute("action", "/public/operations/" + code);
    model.addAttribute(
        "boundariesUrl", "/public/operations/" + code + "/boundaries?level=" + dashboard.level());
    model.addAttribute("sitesUrl", null);
    model.addAttribute("downloadBase", null);
    model.addAttribute("partnerView", false);
    model.addAttribute("breakdownsJson", script(dashboard.breakdowns()));
    model.addAttribute("placeBase", null);
    return "dashboard";
  }

  /** Boundaries of a published operation, no finer than its public admin level. */
  @GetMapping("/public/operations/{operation}/boundaries")
  @PublicPublishedData
  ResponseEntity<String> publicBoundaries(
      @PathVariable String operation, @RequestParam(defaultValue = "1") int level) {
    PublicOperation published =
        publicReads
            .findOperation(operation)
            .filter(p -> level >= 0 && level <= p.publicAdminLevel())
            .orElseThrow(
                () ->
                    new NotFoundException(
                        PublicationErrorCode.NOTHING_PUBLISHED,
                        "No public boundaries of operation " + operation + " at level " + level));
    Operation op = geography.getOperation(published.code());
    return ResponseEntity.ok()
        .contentType(GEO_JSON)
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
        .body(maps.boundaries(op.id(), level));
  }

  /**
   * The signed-in dashboard: in full for those who see the operation's figures in full, otherwise
   * (partners without an agreement) the public dashboard's figures, disclosure control applied.
   */
  private Dashboard signedIn(
      String operation, Integer round, Integer level, String type, String area) {
    if (publication.seesFullFigures(operation)) {
      return dashboards.build(operation, round, level, upper(type), area);
    }
    return publicDashboards.build(operation, round, level, upper(type), true);
  }

  private static Dashboard publishedOrFail(Dashboard dashboard) {
    if (!dashboard.published()) {
      throw new NotFoundException(
          PublicationErrorCode.NOTHING_PUBLISHED,
          "Operation " + dashboard.operationCode() + " has no published round yet");
    }
    return dashboard;
  }

  /**
   * The figures the page's scripts draw (map, charts), as JSON safe inside a script element: "<" is
   * escaped so that no name can close the element.
   */
  private String data(Dashboard d) throws IOException {
    return script(d);
  }

  private String script(Object value) throws IOException {
    return json.writeValueAsString(value).replace("<", "\\u003c");
  }

  private static String upper(String value) {
    return value == null || value.isBlank() ? null : value.strip().toUpperCase(Locale.ROOT);
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
