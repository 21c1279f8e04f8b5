package org.opendtm.publication;

import java.time.LocalDate;

/**
 * One record as the public DTM API shows it: IDPs of a place (at {@code adminLevel}) in one
 * published round, assessment type, displacement reason and origin admin 1. {@code individuals},
 * {@code males} and {@code females} are null when disclosure control suppressed them.
 *
 * @param originAdmin1Pcode {@code Not available} when the origin is unknown, as in the API
 */
public record PublicFigure(
    int roundNumber,
    LocalDate reportingDate,
    String assessmentType,
    int adminLevel,
    String pcode,
    String name,
    String admin1Pcode,
    String reason,
    String originAdmin1Pcode,
    String originAdmin1Name,
    Long individuals,
    Long males,
    Long females) {}
