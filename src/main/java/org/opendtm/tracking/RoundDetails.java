package org.opendtm.tracking;

import java.util.List;
import java.util.Map;

/**
 * A round with what a reviewer wants to see first.
 *
 * @param assessments number of assessments per assessment type
 * @param openFlags open flags per severity
 */
public record RoundDetails(
    Round round,
    Map<AssessmentType, Long> assessments,
    Map<Severity, Long> openFlags,
    List<RoundRevision> revisions) {}
