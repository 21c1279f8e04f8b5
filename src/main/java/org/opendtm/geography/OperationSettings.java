package org.opendtm.geography;

/**
 * Per-operation thresholds for validation and publication. Every value has a default a new
 * operation starts with; they are stored as JSON on the operation.
 *
 * @param minHouseholdSize smallest plausible individuals/households ratio at a place
 * @param maxHouseholdSize largest plausible individuals/households ratio at a place
 * @param changeThreshold round-over-round change at a place (0.5 = ±50 %) that needs a
 *     justification
 * @param changeMinimumIndividuals changes at places smaller than this are not flagged
 * @param publicAdminLevel finest admin level shown publicly
 * @param suppressionThreshold smallest count shown publicly (never below 5)
 */
public record OperationSettings(
    double minHouseholdSize,
    double maxHouseholdSize,
    double changeThreshold,
    int changeMinimumIndividuals,
    int publicAdminLevel,
    int suppressionThreshold) {

  public static OperationSettings defaults() {
    return new OperationSettings(1.5, 15.0, 0.5, 50, 2, 10);
  }
}
