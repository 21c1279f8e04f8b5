package org.opendtm.tracking;

import java.time.LocalDate;

/**
 * A round revision was signed off. Published synchronously inside the publishing transaction, so
 * listeners that compute derived data (the publication module's aggregates) commit or fail with it:
 * partners see the new revision completely or not at all.
 *
 * @param revision the revision now published (1 for the first publication)
 */
public record RoundPublished(
    long operationId,
    String operationCode,
    long roundId,
    int roundNumber,
    LocalDate reportingDate,
    int revision,
    String publishedBy) {}
