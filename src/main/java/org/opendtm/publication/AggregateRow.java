package org.opendtm.publication;

import java.time.LocalDate;

/**
 * One published aggregate: a unit's figures for one round revision, assessment type and population
 * group, summed over reason and origin unless the query asked for a breakdown (then {@code reason}
 * or the origin fields are filled; a null origin P-code means "not available"). Names and P-codes
 * are those copied at publication. {@code males}/{@code females} are null when not every figure in
 * the cell had them. For a caller without {@code READ_FULL_FIGURES} in the operation the row is
 * what the public sees: counts hidden by disclosure control are null, households and places are
 * always null (docs/disclosure.md).
 */
public record AggregateRow(
    int roundNumber,
    int revision,
    LocalDate reportingDate,
    String assessmentType,
    int adminLevel,
    String pcode,
    String name,
    String admin0Pcode,
    String admin0Name,
    String admin1Pcode,
    String admin1Name,
    String admin2Pcode,
    String admin2Name,
    String populationGroup,
    String reason,
    String originAdmin1Pcode,
    String originAdmin1Name,
    Long households,
    Long individuals,
    Long males,
    Long females,
    Long places) {}
