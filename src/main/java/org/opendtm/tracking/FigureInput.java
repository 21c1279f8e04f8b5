package org.opendtm.tracking;

import java.util.List;

/**
 * One population figure of an assessment as a reviewer enters it.
 *
 * @param sexAge counts per operation band, female bands first then male bands; null when unknown
 */
public record FigureInput(
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
