package org.opendtm.geography;

import java.util.Optional;

/**
 * Resolves places written in files to the operation's units and locations, in memory, for imports
 * of hundreds of thousands of rows. Obtained from {@link GeographyManagement#placeResolver}; a
 * snapshot of the geography when it was made.
 */
public interface PlaceResolver {

  /**
   * The unit a written P-code designates among all units the operation ever had (so that retired
   * ones can be reported as retired). Exact matches first; then the normalisation rules, whose use
   * is visible in the returned match.
   */
  Optional<PcodeMatch> unit(String writtenPcode);

  /** The unit with this id. */
  Optional<AdminUnit> unitById(long id);

  /** The ancestor of a unit at a level (the unit itself at its own level); empty above it. */
  Optional<AdminUnit> ancestor(AdminUnit unit, int level);

  /** The location with this code in the operation. */
  Optional<Location> location(String code);

  /**
   * The current unit at {@code level} whose boundary contains the point, if boundaries are known.
   */
  Optional<AdminUnit> unitAt(double latitude, double longitude, int level);

  /** True when the operation has any admin unit. */
  boolean hasGeography();
}
