package org.opendtm.tracking;

/**
 * A published revision's total for one assessment type and population group: places (assessments
 * with a figure of the group), households and individuals.
 */
public record RoundTotal(
    String assessmentType,
    String populationGroup,
    long places,
    long households,
    long individuals) {}
