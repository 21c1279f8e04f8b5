package org.opendtm.ui.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Location;
import org.opendtm.geography.Operation;
import org.opendtm.platform.NotFoundException;
import org.opendtm.publication.PopulationBreakdown;
import org.opendtm.publication.PublicationManagement;
import org.opendtm.publication.TimeSeriesPoint;
import org.opendtm.tracking.Assessment;
import org.opendtm.tracking.FlagFilter;
import org.opendtm.tracking.PlaceRound;
import org.opendtm.tracking.PopulationGroup;
import org.opendtm.tracking.TrackingErrorCode;
import org.opendtm.tracking.TrackingManagement;
import org.opendtm.tracking.ValidationFlag;
import org.opendtm.ui.web.BreakdownCharts;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A place's page — an admin unit (by P-code) or a location (by code): its history across rounds
 * (chart and table), its latest assessment with its flags, and an admin unit's children.
 */
@Controller
class PlaceController {

  private final GeographyManagement geography;
  private final TrackingManagement tracking;
  private final PublicationManagement publication;
  private final ObjectMapper json;
  private final MessageSource messages;

  PlaceController(
      GeographyManagement geography,
      TrackingManagement tracking,
      PublicationManagement publication,
      ObjectMapper json,
      MessageSource messages) {
    this.geography = geography;
    this.tracking = tracking;
    this.publication = publication;
    this.json = json;
    this.messages = messages;
  }

  /** One round of the chart: the place's own assessments, or the published total of a unit. */
  record HistoryPoint(int round, String reportingDate, long idps, long returnees) {}

  @GetMapping("/app/operations/{operation}/places/{place}")
  @Allow(Right.READ_ASSESSMENTS)
  String place(@PathVariable String operation, @PathVariable String place, Model model) {
    Operation op = geography.getOperation(operation);
    Optional<Location> location = geography.findLocation(op.id(), place);
    AdminUnit unit = null;
    if (location.isEmpty()) {
      try {
        unit = geography.getUnit(op.id(), place);
      } catch (NotFoundException e) {
        throw new NotFoundException(
            TrackingErrorCode.ASSESSMENT_NOT_FOUND,
            "Operation " + operation + " has no admin unit or location " + place);
      }
    }
    List<PlaceRound> history = tracking.listPlaceHistory(operation, place);
    model.addAttribute("operation", op);
    model.addAttribute("location", location.orElse(null));
    model.addAttribute("unit", unit);
    model.addAttribute(
        "locationUnit", location.flatMap(l -> geography.findUnit(l.adminUnitId())).orElse(null));
    model.addAttribute(
        "parent",
        unit == null || unit.parentId() == null
            ? null
            : geography.findUnit(unit.parentId()).orElse(null));
    model.addAttribute(
        "children",
        unit == null
            ? List.of()
            : geography.listChildren(unit.id()).stream()
                .sorted(Comparator.comparing(AdminUnit::pcode))
                .toList());
    model.addAttribute("history", history);
    List<HistoryPoint> points = ownPoints(history);
    String source = "assessments";
    if (unit != null) {
      List<HistoryPoint> published = publishedPoints(operation, unit.pcode());
      if (!published.isEmpty()) {
        points = published;
        source = "published";
      }
    }
    model.addAttribute("points", points);
    model.addAttribute("pointsSource", source);
    model.addAttribute("chartData", write(points));
    PlaceRound latest = history.isEmpty() ? null : history.get(history.size() - 1);
    model.addAttribute("latest", latest);
    if (latest != null) {
      model.addAttribute(
          "assessment", tracking.getAssessment(operation, latest.round(), latest.assessmentId()));
      List<ValidationFlag> flags =
          tracking.listFlags(operation, latest.round(), FlagFilter.all()).stream()
              .filter(f -> f.place() != null && f.place().equalsIgnoreCase(place))
              .toList();
      model.addAttribute("flags", flags);
    } else {
      model.addAttribute("flags", List.of());
    }
    BreakdownCharts breakdowns =
        unit != null
            ? publishedBreakdown(operation, unit.pcode())
            : latest == null
                ? null
                : assessedBreakdown(
                    op,
                    location.get().name(),
                    tracking.getAssessment(operation, latest.round(), latest.assessmentId()));
    model.addAttribute("breakdowns", breakdowns);
    model.addAttribute("breakdownsSource", unit != null ? "published" : "assessment");
    model.addAttribute("breakdownsJson", write(breakdowns).replace("<", "\\u003c"));
    return "place/place";
  }

  /**
   * An admin unit's IDPs by sex and age and by shelter in the latest published round: the first
   * assessment type (baseline, site, event) with any; a few index look-ups.
   */
  private BreakdownCharts publishedBreakdown(String operation, String pcode) {
    for (String type : List.of("BA", "SA", "ETT")) {
      Optional<PopulationBreakdown> found;
      try {
        found = publication.findBreakdown(operation, null, type, "IDP", pcode);
      } catch (NotFoundException e) {
        return null; // nothing published yet
      }
      if (found.isPresent()
          && (!found.get().sexAge().isEmpty() || !found.get().shelters().isEmpty())) {
        return BreakdownCharts.of(found.get(), messages, LocaleContextHolder.getLocale());
      }
    }
    return null;
  }

  /** A location's IDPs by sex and age and by shelter in its latest assessment (already read). */
  private BreakdownCharts assessedBreakdown(Operation op, String name, Assessment assessment) {
    List<String> bands = op.sexAgeBands();
    long[] females = new long[bands.size()];
    long[] males = new long[bands.size()];
    long banded = 0;
    Map<String, Long> shelters = new LinkedHashMap<>();
    for (Assessment.Figure f : assessment.figures()) {
      if (f.group() != PopulationGroup.IDP) continue;
      long individuals = f.individuals() == null ? 0 : f.individuals();
      shelters.merge(
          f.shelter() == null || f.shelter().isBlank() ? null : f.shelter(),
          individuals,
          Long::sum);
      if (f.sexAge() == null || f.sexAge().size() != bands.size() * 2) continue;
      banded += individuals;
      for (int i = 0; i < bands.size(); i++) {
        Integer female = f.sexAge().get(i);
        Integer male = f.sexAge().get(bands.size() + i);
        females[i] += female == null ? 0 : female;
        males[i] += male == null ? 0 : male;
      }
    }
    if (shelters.isEmpty()) return null;
    return BreakdownCharts.ofPlace(
        name, bands, females, males, banded, shelters, messages, LocaleContextHolder.getLocale());
  }

  private static List<HistoryPoint> ownPoints(List<PlaceRound> history) {
    Map<Integer, long[]> byRound = new TreeMap<>();
    Map<Integer, String> dates = new LinkedHashMap<>();
    for (PlaceRound h : history) {
      long[] sums = byRound.computeIfAbsent(h.round(), r -> new long[2]);
      sums[0] += h.idps();
      sums[1] += h.returnees();
      dates.putIfAbsent(h.round(), String.valueOf(h.reportingDate()));
    }
    List<HistoryPoint> points = new ArrayList<>();
    byRound.forEach((r, s) -> points.add(new HistoryPoint(r, dates.get(r), s[0], s[1])));
    return points;
  }

  private List<HistoryPoint> publishedPoints(String operation, String pcode) {
    Map<Integer, long[]> byRound = new TreeMap<>();
    Map<Integer, String> dates = new LinkedHashMap<>();
    List<TimeSeriesPoint> idps;
    List<TimeSeriesPoint> returnees;
    try {
      idps = publication.timeSeries(operation, "IDP", null, pcode);
      returnees = publication.timeSeries(operation, "RETURNEE", null, pcode);
    } catch (NotFoundException e) {
      return List.of();
    }
    // one assessment type: a baseline and a site assessment of the same area would count twice
    Map<String, Long> pointsPerType = new TreeMap<>();
    idps.forEach(p -> pointsPerType.merge(p.assessmentType(), 1L, Long::sum));
    String type =
        pointsPerType.entrySet().stream()
            .max(Map.Entry.<String, Long>comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(null);
    idps = idps.stream().filter(p -> p.assessmentType().equals(type)).toList();
    returnees = returnees.stream().filter(p -> p.assessmentType().equals(type)).toList();
    for (TimeSeriesPoint p : idps) {
      byRound.computeIfAbsent(p.roundNumber(), r -> new long[2])[0] += p.individuals();
      dates.putIfAbsent(p.roundNumber(), String.valueOf(p.reportingDate()));
    }
    for (TimeSeriesPoint p : returnees) {
      byRound.computeIfAbsent(p.roundNumber(), r -> new long[2])[1] += p.individuals();
      dates.putIfAbsent(p.roundNumber(), String.valueOf(p.reportingDate()));
    }
    List<HistoryPoint> points = new ArrayList<>();
    byRound.forEach((r, s) -> points.add(new HistoryPoint(r, dates.get(r), s[0], s[1])));
    return points;
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
