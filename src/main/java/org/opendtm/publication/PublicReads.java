package org.opendtm.publication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.publication.internal.Aggregates;
import org.opendtm.publication.internal.PublicBreakdowns;
import org.opendtm.publication.internal.PublicFigures;
import org.opendtm.publication.internal.disclosure.DisclosureControl;
import org.opendtm.publication.internal.disclosure.EagerDisclosure;
import org.springframework.stereotype.Service;

/**
 * The public read path for other modules (the public web pages): exactly what the anonymous DTM API
 * shows, through the same {@code PublicFigures} — IDPs only, each round's latest protected revision
 * (docs/disclosure.md), no finer than the operation's public admin level, disclosure control
 * applied.
 */
@Service
public class PublicReads {

  private final PublicFigures figures;
  private final GeographyManagement geography;
  private final PublicBreakdowns breakdowns;
  private final DisclosureControl disclosure;
  private final EagerDisclosure eager;

  PublicReads(
      PublicFigures figures,
      GeographyManagement geography,
      PublicBreakdowns breakdowns,
      DisclosureControl disclosure,
      EagerDisclosure eager) {
    this.figures = figures;
    this.geography = geography;
    this.breakdowns = breakdowns;
    this.disclosure = disclosure;
    this.eager = eager;
  }

  /**
   * A unit's IDPs by sex-and-age band and by shelter type in a published round, as partners may see
   * them: the round's latest protected revision, no finer than the operation's public admin level,
   * disclosure control applied jointly with the public figures (hidden counts are null).
   *
   * @param pcode the unit; the whole operation (admin 0) when null
   * @return empty when the operation or round is not published, the unit is not public, or the
   *     revision has no breakdowns
   */
  public Optional<PopulationBreakdown> findBreakdown(
      String operationCode, int roundNumber, String assessmentType, String pcode) {
    Optional<PublicOperation> published = findOperation(operationCode);
    if (published.isEmpty() || assessmentType == null) return Optional.empty();
    Operation operation = geography.getOperation(published.get().code());
    // the round's latest protected revision, as every public read (docs/disclosure.md)
    eager.awaitProtection(operation, roundNumber, roundNumber);
    return disclosure
        .findShownRevision(operation.id(), roundNumber)
        .flatMap(
            shown ->
                breakdowns.publicView(
                    operation,
                    new Aggregates.RoundRevision(shown.roundId(), shown.revision()),
                    roundNumber,
                    assessmentType,
                    pcode,
                    published.get().publicAdminLevel()));
  }

  /** Operations with at least one published round, by name. */
  public List<PublicOperation> listOperations() {
    return figures.listPublishedOperations().stream().map(this::toPublic).toList();
  }

  /** A published operation by code, if partners can see it. */
  public Optional<PublicOperation> findOperation(String code) {
    return figures.findPublishedOperation(code).map(this::toPublic);
  }

  private PublicOperation toPublic(PublicFigures.PublishedOperation operation) {
    return new PublicOperation(
        operation.code(),
        operation.name(),
        operation.countryName(),
        operation.countryIso3(),
        geography.getOperation(operation.code()).settings().publicAdminLevel());
  }

  /**
   * The public records of an operation at one admin level; empty beyond its public admin level.
   *
   * @param roundNumber only this round; all published rounds when null
   */
  public List<PublicFigure> listFigures(String operationCode, int adminLevel, Integer roundNumber) {
    List<PublicFigure> out = new ArrayList<>();
    // the query matches names or codes: keep this operation's records only
    String name = geography.getOperation(operationCode).name();
    PublicFigures.Query query =
        new PublicFigures.Query(
            adminLevel,
            operationCode,
            null,
            null,
            null,
            null,
            roundNumber,
            roundNumber,
            null,
            null,
            null,
            null);
    figures.stream(
        query,
        f -> {
          if (!f.operation().equals(name)) return;
          String pcode =
              switch (adminLevel) {
                case 0 -> f.admin0Pcode();
                case 1 -> f.admin1Pcode();
                default -> f.admin2Pcode();
              };
          String unitName =
              switch (adminLevel) {
                case 0 -> f.admin0Name();
                case 1 -> f.admin1Name();
                default -> f.admin2Name();
              };
          out.add(
              new PublicFigure(
                  f.roundNumber(),
                  f.reportingDate(),
                  f.assessmentType(),
                  adminLevel,
                  pcode,
                  unitName,
                  f.admin1Pcode(),
                  f.reason(),
                  f.originAdmin1Pcode(),
                  f.originAdmin1Name(),
                  f.individuals(),
                  f.males(),
                  f.females()));
        });
    return out;
  }
}
