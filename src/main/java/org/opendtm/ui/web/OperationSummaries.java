package org.opendtm.ui.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendtm.geography.Operation;
import org.opendtm.publication.PublicFigure;
import org.opendtm.publication.PublicOperation;
import org.opendtm.publication.PublicReads;
import org.opendtm.publication.PublicationManagement;
import org.opendtm.publication.TimeSeriesPoint;
import org.opendtm.ui.web.OperationSummary.Total;
import org.springframework.stereotype.Component;

/** The lines of the operations lists: signed-in (published aggregates) and public (DTM API). */
@Component
class OperationSummaries {

  private final PublicationManagement publication;
  private final PublicReads publicReads;

  OperationSummaries(PublicationManagement publication, PublicReads publicReads) {
    this.publication = publication;
    this.publicReads = publicReads;
  }

  /** For signed-in users: IDPs and returnees of the latest published round of each operation. */
  List<OperationSummary> forOperations(List<Operation> operations) {
    List<OperationSummary> out = new ArrayList<>();
    for (Operation operation : operations) {
      if (!publication.seesFullFigures(operation.code())) {
        // a partner without an agreement: the public line, or an empty one before publication
        out.add(
            publicReads
                .findOperation(operation.code())
                .map(this::forPublic)
                .orElse(
                    new OperationSummary(
                        operation.code(),
                        operation.name(),
                        operation.countryName(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)));
        continue;
      }
      List<Total> idps = totals(publication.timeSeries(operation.code(), "IDP", null, null));
      List<Total> returnees =
          totals(publication.timeSeries(operation.code(), "RETURNEE", null, null));
      String type = OperationSummary.preferredType(idps.isEmpty() ? returnees : idps);
      Total latest = latest(idps.isEmpty() ? returnees : idps, type);
      Integer round = latest == null ? null : latest.round();
      Long[] idp = OperationSummary.latestAndChange(idps, type, round);
      Long[] returnee = OperationSummary.latestAndChange(returnees, type, round);
      out.add(
          new OperationSummary(
              operation.code(),
              operation.name(),
              operation.countryName(),
              round,
              latest == null ? null : latest.reportingDate(),
              type,
              idp[0],
              idp[1],
              returnee[0],
              returnee[1]));
    }
    return out;
  }

  /** For everyone: IDPs at admin 0 as the public API shows them (suppressed cells left out). */
  List<OperationSummary> forPublic() {
    List<OperationSummary> out = new ArrayList<>();
    for (PublicOperation operation : publicReads.listOperations()) {
      out.add(forPublic(operation));
    }
    return out;
  }

  /** IDPs at admin 0 as the public API shows them (suppressed cells left out). */
  private OperationSummary forPublic(PublicOperation operation) {
    Map<String, Total> sums = new HashMap<>();
    for (PublicFigure f : publicReads.listFigures(operation.code(), 0, null)) {
      if (f.individuals() == null) continue;
      sums.merge(
          f.roundNumber() + "|" + f.assessmentType(),
          new Total(f.roundNumber(), f.reportingDate(), f.assessmentType(), f.individuals()),
          (a, b) ->
              new Total(
                  a.round(),
                  a.reportingDate(),
                  a.assessmentType(),
                  a.individuals() + b.individuals()));
    }
    List<Total> totals = List.copyOf(sums.values());
    String type = OperationSummary.preferredType(totals);
    Total latest = latest(totals, type);
    Integer round = latest == null ? null : latest.round();
    Long[] idp = OperationSummary.latestAndChange(totals, type, round);
    return new OperationSummary(
        operation.code(),
        operation.name(),
        operation.countryName(),
        round,
        latest == null ? null : latest.reportingDate(),
        type,
        idp[0],
        idp[1],
        null,
        null);
  }

  private static List<Total> totals(List<TimeSeriesPoint> points) {
    return points.stream()
        .map(
            p -> new Total(p.roundNumber(), p.reportingDate(), p.assessmentType(), p.individuals()))
        .toList();
  }

  private static Total latest(List<Total> totals, String type) {
    return totals.stream()
        .filter(t -> t.assessmentType().equals(type))
        .max(java.util.Comparator.comparingInt(Total::round))
        .orElse(null);
  }
}
