package org.opendtm.publication;

import java.util.List;

/**
 * A published unit's IDPs (or another group) of one round and assessment type by sex-and-age band
 * and by shelter type: the dashboard's population pyramid and shelter chart. Counts are null where
 * disclosure control hides them (public reads only).
 *
 * @param adminLevel the unit's level (0 = the whole operation)
 * @param sexAge one entry per band of the operation at publication, youngest first; empty when no
 *     figure of the unit carried sex-and-age counts
 * @param bandedIndividuals individuals of the figures that carried sex-and-age counts (what the
 *     pyramid covers); null on public reads (it is not a published figure)
 * @param individuals all individuals of the unit (the sum of the shelters); null on public reads
 * @param shelters individuals per shelter type, largest first ({@code Not reported} for figures
 *     without one)
 * @param suppressed some count is hidden by disclosure control
 */
public record PopulationBreakdown(
    int roundNumber,
    String assessmentType,
    String populationGroup,
    int adminLevel,
    String pcode,
    String name,
    List<SexAgeBand> sexAge,
    Long bandedIndividuals,
    Long individuals,
    List<ShelterCount> shelters,
    boolean suppressed) {

  /**
   * One band: its code as configured (e.g. {@code 0_0}, {@code 18_59}, {@code 60}) and its counts.
   */
  public record SexAgeBand(String band, Long females, Long males) {}

  /** Individuals in one shelter type. */
  public record ShelterCount(String shelter, Long individuals) {}
}
