package org.opendtm.tracking;

import java.time.LocalDate;
import java.util.List;

/**
 * An assessment derived from a collected submission (ODK Collect, KoboCollect, an import of
 * exported submissions), with its place already resolved by the caller.
 *
 * @param source what the assessment comes from (the submission's instanceID); the same source in
 *     the same round is the same assessment, replaced rather than added again
 * @param place the place as people write it: the unit's P-code or the location's code
 * @param placeName the unit's or location's name
 * @param pcodeWritten the P-code as the enumerator wrote it, when a normalisation rule matched it
 * @param pcodeRule the normalisation rule that matched it, or null
 */
public record CollectedAssessment(
    String source,
    AssessmentType type,
    long adminUnitId,
    Long locationId,
    String place,
    String placeName,
    String pcodeWritten,
    String pcodeRule,
    LocalDate collectedOn,
    List<FigureInput> figures) {}
