package org.opendtm.tracking;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A problem found in a round's data by a rule (source {@code RULE}) or by an import ({@code
 * IMPORT}, e.g. upper-level rows of a DTM file that disagree with the sums below them).
 *
 * @param fingerprint stable identity of the same problem at the same place across re-validation
 */
public record ValidationFlag(
    long id,
    long roundId,
    String rule,
    Severity severity,
    String source,
    Long assessmentId,
    String place,
    String message,
    Map<String, Object> details,
    String fingerprint,
    FlagStatus status,
    String justification,
    String decidedBy,
    OffsetDateTime decidedAt) {}
