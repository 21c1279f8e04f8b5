package org.opendtm.tracking;

import java.time.LocalDate;
import java.util.List;

/** An assessment of one place in a round with its population figures. */
public record Assessment(
    long id,
    long roundId,
    AssessmentType type,
    String place,
    String placeName,
    long adminUnitId,
    Long locationId,
    Integer informants,
    LocalDate collectedOn,
    Long importId,
    Long sourceRow,
    List<Figure> figures) {

  /** A stored population figure. */
  public record Figure(
      long id,
      PopulationGroup group,
      String reason,
      Long originAdminUnitId,
      String arrivalPeriod,
      String shelter,
      Integer households,
      Integer individuals,
      Integer males,
      Integer females,
      List<Integer> sexAge) {}
}
