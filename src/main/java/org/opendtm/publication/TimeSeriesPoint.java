package org.opendtm.publication;

import java.time.LocalDate;

/**
 * A unit's total for one published round (its current revision) and assessment type. For a caller
 * without {@code READ_FULL_FIGURES} in the operation, counts hidden by disclosure control are null
 * and households always are.
 */
public record TimeSeriesPoint(
    int roundNumber,
    int revision,
    LocalDate reportingDate,
    String assessmentType,
    Long individuals,
    Long households,
    Long males,
    Long females) {}
