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
import org.opendtm.geography.Location;
import org.opendtm.geography.Operation;
import org.opendtm.platform.NotFoundException;
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
   * The operation's located places as compact arrays {@code [lat, lon, code, name, kind]}: some 6
   * MB for 100,000 sites before compression, 1 MB after.
   */
  @GetMapping(path = "/app/operations/{operation}/sites", produces = "application/json")
  @Allow(Right.READ_LOCATIONS)
  @ResponseBody
  List<Object[]> sites(@PathVariable String operation) {
    Operation op = geography.getOperation(operation);
    List<Object[]> points = new ArrayList<>();
    for (Location l : maps.listLocations(op.id())) {
      if (l.latitude() == null || l.longitude() == null) continue;
      points.add(new Object[] {l.latitude(), l.longitude(), l.code(), l.name(), l.kind().name()});
    }
    return points;
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
