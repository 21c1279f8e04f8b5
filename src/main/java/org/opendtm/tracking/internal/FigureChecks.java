package org.opendtm.tracking.internal;

import java.util.Optional;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.OperationSettings;
import org.opendtm.geography.PlaceResolver;

/**
 * Tells, for one staged figure, whether a rule of {@link Validation} that looks at one figure at a
 * time could flag it: BREAKDOWN_SUM, SEX_AGE_SUM, HOUSEHOLD_SIZE and ORIGIN_EQUALS_PLACE. The
 * reader asks it while the file is read (on the JVM's core, while PostgreSQL stores the staged
 * rows), so that validation after an import runs those rules over the few figures marked "suspect"
 * instead of reading every figure back (docs/perf.md section 12).
 *
 * <p>The answer may be "yes" for a figure that the rule then does not flag (the SQL of the rule
 * still decides, and writes the flag's texts), never "no" for one it would flag: a superset. Where
 * an exact answer would mean re-doing the database's arithmetic (the household-size ratio, a {@code
 * numeric} compared with a {@code double}), it errs on the side of "yes".
 */
final class FigureChecks {

  /** Household ratios this close to a bound are left to the SQL to decide. */
  private static final double MARGIN = 1e-6;

  private final double minHouseholdSize;
  private final double maxHouseholdSize;
  private final PlaceResolver resolver;

  FigureChecks(OperationSettings settings, PlaceResolver resolver) {
    this.minHouseholdSize = settings.minHouseholdSize();
    this.maxHouseholdSize = settings.maxHouseholdSize();
    this.resolver = resolver;
  }

  /**
   * @param placeUnitId the admin unit of the figure's assessment (the place's), null when the
   *     import creates it
   */
  boolean suspect(StagingTable.Row figure, Long placeUnitId) {
    return breakdownDiffers(figure)
        || bandsDiffer(figure)
        || householdSizeOutside(figure)
        || originMayEqualPlace(figure, placeUnitId);
  }

  private static boolean breakdownDiffers(StagingTable.Row f) {
    return f.males != null
        && f.females != null
        && f.individuals != null
        && (long) f.males + f.females != f.individuals;
  }

  private static boolean bandsDiffer(StagingTable.Row f) {
    if (f.sexAge == null || f.individuals == null) return false;
    long sum = 0;
    boolean any = false;
    for (Integer band : f.sexAge) {
      if (band == null) continue;
      sum += band;
      any = true;
    }
    return any && sum != f.individuals;
  }

  private boolean householdSizeOutside(StagingTable.Row f) {
    if (f.households == null || f.households <= 0 || f.individuals == null) return false;
    double ratio = (double) f.individuals / f.households;
    return ratio < minHouseholdSize + MARGIN || ratio > maxHouseholdSize - MARGIN;
  }

  /** The rule's own test (origin is the place's unit or inside it); unknown units: "maybe". */
  private boolean originMayEqualPlace(StagingTable.Row f, Long placeUnitId) {
    if (!"IDP".equals(f.group) || f.originId == null) return false;
    if (placeUnitId == null) return true;
    Optional<AdminUnit> origin = resolver.unitById(f.originId);
    Optional<AdminUnit> place = resolver.unitById(placeUnitId);
    if (origin.isEmpty() || place.isEmpty()) return true;
    Optional<AdminUnit> same = resolver.ancestor(origin.get(), place.get().level());
    return same.isPresent() && same.get().id() == placeUnitId;
  }
}
