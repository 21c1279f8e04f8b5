package org.opendtm.publication;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One published revision of a round.
 *
 * @param current whether partners see this revision
 * @param changes what changed against the previous revision: {@code previousRevision}, {@code
 *     totals} (admin-0 individuals/households before and after per type and group) and {@code
 *     units} (admin-1/2 units whose individuals changed, at most 500, with {@code unitsChanged}
 *     counting all)
 */
public record PublishedRevision(
    int roundNumber,
    int revision,
    LocalDate reportingDate,
    OffsetDateTime publishedAt,
    boolean current,
    JsonNode changes) {}
