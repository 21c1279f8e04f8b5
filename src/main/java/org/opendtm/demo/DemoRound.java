package org.opendtm.demo;

import java.time.LocalDate;

/**
 * One generated round.
 *
 * @param number 1-based round number
 * @param reportingDate the round's reporting date
 * @param siteAssessmentFile file of site assessments (assessment type SA), one or more rows per
 *     site
 * @param baselineFile file of village-level baseline assessments (assessment type BA)
 * @param published whether the demo publishes it (all but the last, which is left in review)
 */
public record DemoRound(
    int number,
    LocalDate reportingDate,
    String siteAssessmentFile,
    String baselineFile,
    boolean published) {}
