package org.opendtm.demo;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeded model behind the figures. Every location's attributes, and its figures in any round,
 * are a pure function of (seed, location index, round): nothing is carried from one location or
 * round to the next, which is what lets the generator write 100,000 locations × 24 rounds in
 * constant memory.
 *
 * <p>Each location hosts a few cohorts of displaced people — one or two from before the first
 * round, and more after conflict and flood events in neighbouring admin 1 units. A cohort shrinks
 * round by round towards a floor as people return; returns to a village's own admin 1 after an
 * event there show up as returnees. Economic displacement swells and ebbs with the season, and
 * sites fill a little in the lean season. Origins are always another admin 1 than the place's own:
 * so the only figure whose origin is its own place is the planted one.
 */
final class DemoSimulation {

  static final List<String> REASONS =
      List.of(
          "Conflict",
          "Natural disaster",
          "Insecurity",
          "Communal clashes",
          "Economic",
          "Other",
          "Not reported");
  private static final double[] BASELINE_REASON_WEIGHTS = {35, 10, 20, 12, 10, 5, 8};

  /** Sex-and-age band codes (DTM's defaults) and the share of each band in a population. */
  static final List<String> BANDS = List.of("0_0", "1_5", "6_17", "18_59", "60");

  private static final double[] BAND_SHARES = {0.035, 0.165, 0.30, 0.44, 0.06};

  /** Smallest IDP figure written on a row; keeps household sizes of small rows plausible. */
  static final int MINIMUM_FIGURE = 8;

  record DisplacementEvent(int round, int adm1, String reason, double intensity) {}

  record Cohort(
      String reason,
      int origin,
      String arrival,
      double size,
      int startRound,
      double floor,
      double decay,
      boolean seasonal) {}

  record Profile(
      int index,
      LocationType type,
      int adm3,
      int adm2,
      int adm1,
      double baseSize,
      double householdSize,
      double femaleShare,
      List<Cohort> cohorts,
      double returneeBase,
      double returnWeight) {}

  /** One row's worth of IDP figures, before breakdown. */
  record Figure(String reason, int origin, String arrival, int individuals) {}

  private final long seed;
  private final DemoGeography geography;
  private final LocalDate[] reportingDates;
  private final List<DisplacementEvent> events;
  private final double[] adm3Cumulative;
  private final double[] adm3SiteAffinity;
  private final Profile[] cache;

  /**
   * @param cachedProfiles how many locations' profiles to keep between passes over the list: the
   *     small demo keeps all (it is generated at start-up and should be quick), benchmark-sized
   *     datasets recompute them so memory stays flat
   */
  DemoSimulation(
      long seed, DemoGeography geography, LocalDate[] reportingDates, int cachedProfiles) {
    this.cache = new Profile[cachedProfiles];
    this.seed = seed;
    this.geography = geography;
    this.reportingDates = reportingDates;
    int adm3Count = geography.adm3.size();
    Dice dice = Dice.of(seed, Streams.ADMIN_WEIGHTS);
    adm3Cumulative = new double[adm3Count];
    adm3SiteAffinity = new double[adm3Count];
    double total = 0;
    for (int i = 0; i < adm3Count; i++) {
      total += dice.logNormal(1.0, 0.7);
      adm3Cumulative[i] = total;
      adm3SiteAffinity[i] = dice.between(0.15, 1.85);
    }
    events = scheduleEvents(Dice.of(seed, Streams.EVENTS), rounds(), geography.adm1.size());
  }

  int rounds() {
    return reportingDates.length - 1;
  }

  LocalDate reportingDate(int round) {
    return reportingDates[round];
  }

  List<DisplacementEvent> events() {
    return events;
  }

  /**
   * Conflicts at about 30 % and 70 % of the rounds and a flood at about half-way, never in the last
   * two rounds so that the round under review changes only where problems are planted.
   */
  private static List<DisplacementEvent> scheduleEvents(Dice dice, int rounds, int adm1Count) {
    List<DisplacementEvent> scheduled = new ArrayList<>();
    if (rounds < 3) return scheduled;
    int firstConflict = Math.min(Math.max(2, (int) Math.round(0.3 * rounds)), rounds - 1);
    int conflictArea = dice.nextInt(adm1Count);
    scheduled.add(
        new DisplacementEvent(firstConflict, conflictArea, "Conflict", dice.between(1.0, 1.3)));
    int flood = (int) Math.round(0.5 * rounds);
    int floodArea = dice.nextInt(adm1Count);
    if (flood >= 2 && flood <= rounds - 2 && flood != firstConflict) {
      scheduled.add(
          new DisplacementEvent(flood, floodArea, "Natural disaster", dice.between(0.6, 0.8)));
    }
    int secondConflict = (int) Math.round(0.7 * rounds);
    int secondArea = (conflictArea + 1 + dice.nextInt(adm1Count - 1)) % adm1Count;
    if (secondConflict <= rounds - 2 && secondConflict > flood && secondConflict > firstConflict) {
      scheduled.add(
          new DisplacementEvent(secondConflict, secondArea, "Conflict", dice.between(0.8, 1.1)));
    }
    return List.copyOf(scheduled);
  }

  Profile profile(int index) {
    if (index < cache.length) {
      if (cache[index] == null) cache[index] = newProfile(index);
      return cache[index];
    }
    return newProfile(index);
  }

  private Profile newProfile(int index) {
    Dice dice = Dice.of(seed, Streams.LOCATION, index);
    int adm3 = pickAdm3(dice.nextDouble() * adm3Cumulative[adm3Cumulative.length - 1]);
    int adm2 = geography.adm3.get(adm3).parent();
    int adm1 = geography.adm2.get(adm2).parent();
    LocationType type = LocationType.VILLAGE;
    if (dice.chance(0.3 * adm3SiteAffinity[adm3])) {
      double kind = dice.nextDouble();
      type =
          kind < 0.4
              ? LocationType.CAMP
              : kind < 0.7 ? LocationType.COLLECTIVE_CENTRE : LocationType.INFORMAL_SETTLEMENT;
    }
    double baseSize =
        switch (type) {
          case CAMP -> dice.logNormal(2200, 0.6);
          case COLLECTIVE_CENTRE -> dice.logNormal(280, 0.5);
          case INFORMAL_SETTLEMENT -> dice.logNormal(700, 0.6);
          case VILLAGE -> dice.logNormal(140, 0.8);
        };
    double householdSize = dice.between(5.0, 7.0);
    double femaleShare = dice.between(0.49, 0.57);

    List<Cohort> cohorts = new ArrayList<>();
    int baselineCohorts = dice.chance(0.45) ? 2 : 1;
    double firstShare = dice.between(0.55, 0.8);
    for (int c = 0; c < baselineCohorts; c++) {
      String reason;
      int origin;
      do {
        reason = REASONS.get(dice.weighted(BASELINE_REASON_WEIGHTS));
        origin = pickOrigin(adm1, dice);
      } while (c == 1
          && reason.equals(cohorts.get(0).reason())
          && origin == cohorts.get(0).origin());
      LocalDate arrived = reportingDates[1].minusDays(dice.between(90, 900));
      String arrival = arrived.getYear() + "Q" + ((arrived.getMonthValue() - 1) / 3 + 1);
      double share = baselineCohorts == 1 ? 1.0 : c == 0 ? firstShare : 1 - firstShare;
      cohorts.add(
          new Cohort(
              reason,
              origin,
              arrival,
              baseSize * share,
              1,
              dice.between(0.5, 0.7),
              dice.between(0.02, 0.06),
              reason.equals("Economic")));
    }
    for (int e = 0; e < events.size(); e++) {
      DisplacementEvent event = events.get(e);
      if (event.adm1() == adm1) continue;
      Dice eventDice = Dice.of(seed, Streams.LOCATION_EVENT, index, e);
      boolean near = geography.neighbours(adm1, event.adm1());
      double probability = near ? (type.isSite() ? 0.65 : 0.4) : (type.isSite() ? 0.08 : 0.03);
      if (!eventDice.chance(probability)) continue;
      LocalDate date = reportingDates[event.round()].minusDays(eventDice.between(7, 35));
      cohorts.add(
          new Cohort(
              event.reason(),
              event.adm1(),
              YearMonth.from(date).toString(),
              baseSize * eventDice.between(0.3, 1.0) * event.intensity(),
              event.round(),
              eventDice.between(0.2, 0.4),
              eventDice.between(0.15, 0.35),
              false));
    }
    double returneeBase = 0;
    double returnWeight = 0;
    if (!type.isSite()) {
      returneeBase = dice.chance(0.4) ? 0 : dice.logNormal(100, 0.8);
      returnWeight = dice.logNormal(80, 0.7);
    }
    return new Profile(
        index,
        type,
        adm3,
        adm2,
        adm1,
        baseSize,
        householdSize,
        femaleShare,
        List.copyOf(cohorts),
        returneeBase,
        returnWeight);
  }

  private int pickAdm3(double target) {
    int low = 0, high = adm3Cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (adm3Cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Any admin 1 but the place's own, nearer ones more likely. */
  private int pickOrigin(int ownAdm1, Dice dice) {
    double[] weights = new double[geography.adm1.size()];
    for (int a = 0; a < weights.length; a++) {
      weights[a] = a == ownAdm1 ? 0 : 1.0 / (0.5 + geography.adm1Distance(ownAdm1, a));
    }
    return dice.weighted(weights);
  }

  /**
   * The IDP figures of a location in a round, one per reason and origin (cohorts sharing both are
   * added up, so a place never has the same reason and origin twice).
   */
  List<Figure> figures(Profile profile, int round) {
    Dice dice = Dice.of(seed, Streams.LOCATION_ROUND, profile.index(), round);
    double noise = StrictMath.exp(Math.max(-0.08, Math.min(0.08, 0.03 * dice.gaussian())));
    double season = season(round);
    List<Figure> figures = new ArrayList<>(profile.cohorts().size());
    double[] sizes = new double[profile.cohorts().size()];
    for (int c = 0; c < profile.cohorts().size(); c++) {
      Cohort cohort = profile.cohorts().get(c);
      if (round < cohort.startRound()) continue;
      int elapsed = round - cohort.startRound();
      double remaining =
          cohort.floor() + (1 - cohort.floor()) * StrictMath.exp(-cohort.decay() * elapsed);
      double seasonal = cohort.seasonal() ? 1 + 0.25 * season : 1;
      if (profile.type().isSite()) seasonal *= 1 + 0.05 * season;
      double size = cohort.size() * remaining * seasonal * noise;
      int merged = -1;
      for (int f = 0; f < figures.size(); f++) {
        Figure figure = figures.get(f);
        if (figure.reason().equals(cohort.reason()) && figure.origin() == cohort.origin()) {
          merged = f;
        }
      }
      if (merged >= 0) {
        sizes[merged] += size;
        Figure old = figures.get(merged);
        figures.set(merged, new Figure(old.reason(), old.origin(), old.arrival(), 0));
      } else {
        sizes[figures.size()] = size;
        figures.add(new Figure(cohort.reason(), cohort.origin(), cohort.arrival(), 0));
      }
    }
    List<Figure> rounded = new ArrayList<>(figures.size());
    for (int f = 0; f < figures.size(); f++) {
      Figure figure = figures.get(f);
      int individuals = (int) Math.max(MINIMUM_FIGURE, Math.round(sizes[f]));
      rounded.add(new Figure(figure.reason(), figure.origin(), figure.arrival(), individuals));
    }
    return rounded;
  }

  /**
   * Returnees living in a village: a slow trickle, plus returns after events in its own admin 1.
   */
  int returnees(Profile profile, int round) {
    if (profile.type().isSite()) return 0;
    double returnees = profile.returneeBase() * (1 + 0.04 * (round - 1));
    for (DisplacementEvent event : events) {
      if (event.adm1() == profile.adm1() && round > event.round()) {
        returnees +=
            profile.returnWeight()
                * event.intensity()
                * (1 - StrictMath.exp(-0.3 * (round - event.round())));
      }
    }
    long value = Math.round(returnees);
    return value < MINIMUM_FIGURE ? 0 : (int) value;
  }

  /** −1..1 over the year: the lean season peaks in August. */
  private double season(int round) {
    int day = reportingDates[round].getDayOfYear();
    return StrictMath.sin(2 * StrictMath.PI * (day - 130) / 365.25);
  }

  /** Splits a total over the sex-and-age bands by largest remainder, so the parts sum exactly. */
  static int[] bands(int total) {
    return apportion(total, BAND_SHARES);
  }

  static int[] apportion(int total, double[] shares) {
    int[] parts = new int[shares.length];
    double[] remainders = new double[shares.length];
    int assigned = 0;
    for (int i = 0; i < shares.length; i++) {
      double exact = total * shares[i];
      parts[i] = (int) Math.floor(exact);
      remainders[i] = exact - parts[i];
      assigned += parts[i];
    }
    while (assigned < total) {
      int best = 0;
      for (int i = 1; i < shares.length; i++) if (remainders[i] > remainders[best]) best = i;
      parts[best]++;
      remainders[best] = -1;
      assigned++;
    }
    return parts;
  }
}
