package org.opendtm.demo;

/**
 * How big a generated country is: its number of locations and of rounds. The number of admin units
 * grows mildly with the locations (180 admin 3 units for the demo's 2,000 locations, about 860 for
 * 100,000).
 *
 * @param locations sites and villages in the master list (at least 100)
 * @param rounds rounds of assessments, the last of which carries the planted problems (1–99)
 */
public record DemoSize(int locations, int rounds) {

  /** The demo loaded on first start: 2,000 locations, 12 published rounds and one in review. */
  public static final DemoSize DEMO = new DemoSize(2_000, 13);

  public DemoSize {
    if (locations < 100 || locations > 5_000_000) {
      throw new IllegalArgumentException("locations must be between 100 and 5,000,000");
    }
    if (rounds < 1 || rounds > 99) {
      throw new IllegalArgumentException("rounds must be between 1 and 99");
    }
  }

  /** Admin 3 units: 180 at 2,000 locations, growing with the 0.4th power of the locations. */
  int adm3Count() {
    return (int) Math.max(30, Math.round(180 * StrictMath.pow(locations / 2000.0, 0.4)));
  }

  /** Admin 2 units: about five admin 3 units each (35 for the demo). */
  int adm2Count(int adm1Count) {
    return (int) Math.max(2L * adm1Count, Math.round(adm3Count() / 5.14));
  }
}
