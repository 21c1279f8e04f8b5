package org.opendtm.publication.web;

import java.util.List;
import java.util.Locale;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.publication.AggregateQuery;
import org.opendtm.publication.AggregateRow;
import org.opendtm.publication.Breakdown;
import org.opendtm.publication.PublicationErrorCode;
import org.opendtm.publication.PublicationManagement;
import org.opendtm.publication.PublishedRevision;
import org.opendtm.publication.TimeSeriesPoint;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Published aggregates, time series and revisions for anyone holding a role in the operation. */
@RestController
@RequestMapping("/api/v1/operations/{operation}")
@Allow(Right.READ_PUBLISHED)
class PublicationController {

  private final PublicationManagement publication;

  PublicationController(PublicationManagement publication) {
    this.publication = publication;
  }

  /** The current revision of a round (the latest published round when none is given). */
  @GetMapping("/aggregates")
  List<AggregateRow> aggregates(
      @PathVariable String operation,
      @RequestParam(required = false) Integer round,
      @RequestParam(required = false) Integer adminLevel,
      @RequestParam(required = false) String group,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String pcode,
      @RequestParam(required = false) String by,
      @RequestParam(defaultValue = "published") String geography) {
    AggregateQuery query = new AggregateQuery(adminLevel, group, type, pcode, breakdown(by));
    return switch (geography.toLowerCase(java.util.Locale.ROOT)) {
      case "published" -> publication.listAggregates(operation, round, query);
      case "current" -> publication.listAggregatesOnCurrentGeography(operation, round, query);
      default ->
          throw new org.opendtm.platform.OpenDtmException(
              org.opendtm.publication.PublicationErrorCode.INVALID_QUERY,
              "geography is 'published' (the units as they were) or 'current' (today's units)",
              List.of(
                  new org.opendtm.platform.InputError(
                      null, "geography", geography, "published or current")));
    };
  }

  @GetMapping("/timeseries")
  List<TimeSeriesPoint> timeSeries(
      @PathVariable String operation,
      @RequestParam(defaultValue = "IDP") String group,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String pcode) {
    return publication.timeSeries(operation, group, type, pcode);
  }

  @GetMapping("/published-rounds/{round}/revisions")
  List<PublishedRevision> revisions(@PathVariable String operation, @PathVariable int round) {
    return publication.listRevisions(operation, round);
  }

  @GetMapping("/published-rounds/{round}/revisions/{revision}/aggregates")
  List<AggregateRow> revisionAggregates(
      @PathVariable String operation,
      @PathVariable int round,
      @PathVariable int revision,
      @RequestParam(required = false) Integer adminLevel,
      @RequestParam(required = false) String group,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String pcode,
      @RequestParam(required = false) String by) {
    return publication.listRevisionAggregates(
        operation,
        round,
        revision,
        new AggregateQuery(adminLevel, group, type, pcode, breakdown(by)));
  }

  private static Breakdown breakdown(String by) {
    if (by == null || by.isBlank()) return Breakdown.NONE;
    try {
      return Breakdown.valueOf(by.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_QUERY,
          "Unknown breakdown " + by,
          List.of(new InputError(null, "by", by, "one of reason, origin, none")));
    }
  }
}
