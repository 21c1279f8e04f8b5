package org.opendtm.tracking;

import java.time.LocalDate;

/**
 * A numbered data-collection cycle of an operation.
 *
 * @param revision the last published revision, 0 while never published
 */
public record Round(
    long id,
    long operationId,
    String operationCode,
    int number,
    LocalDate reportingDate,
    RoundStatus status,
    int revision) {}
