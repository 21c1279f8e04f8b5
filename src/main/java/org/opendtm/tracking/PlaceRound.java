package org.opendtm.tracking;

import java.time.LocalDate;

/**
 * A place's figures in one round, for its history and for comparing rounds: the individuals and
 * households of its assessments of one type in the round, per population group.
 */
public record PlaceRound(
    int round,
    LocalDate reportingDate,
    RoundStatus status,
    AssessmentType type,
    long assessmentId,
    String placeName,
    long idps,
    long idpHouseholds,
    long returnees,
    long returneeHouseholds,
    long migrants,
    long hosts) {}
