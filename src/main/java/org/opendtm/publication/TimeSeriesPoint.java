package org.opendtm.publication;

import java.time.LocalDate;

/** A unit's total for one published round (its current revision) and assessment type. */
public record TimeSeriesPoint(
    int roundNumber,
    int revision,
    LocalDate reportingDate,
    String assessmentType,
    long individuals,
    long households,
    Long males,
    Long females) {}
