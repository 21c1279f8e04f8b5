package org.opendtm.tracking;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One publication of a round.
 *
 * @param reason why the round was reopened before this revision (null for revision 1)
 * @param changes what changed since the previous revision: totals per assessment type then and now
 */
public record RoundRevision(
    long roundId,
    int revision,
    OffsetDateTime publishedAt,
    String publishedBy,
    String justification,
    String reason,
    Map<String, Object> changes) {}
