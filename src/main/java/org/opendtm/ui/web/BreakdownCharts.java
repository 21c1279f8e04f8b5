package org.opendtm.ui.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opendtm.publication.PopulationBreakdown;
import org.springframework.context.MessageSource;

/**
 * What a page's sex-and-age pyramid and shelter chart draw, with their labels in the reader's
 * language; the same values fill the charts' text alternatives. Counts are null where disclosure
 * control hid them (public page).
 *
 * @param area the unit the breakdown is of
 * @param bands oldest band first, as a pyramid is drawn from the top
 * @param bandedIndividuals individuals covered by the pyramid; null when not published
 * @param individuals all individuals (the shelters' sum); null when not published
 * @param women the sum of the published female bands
 * @param men the sum of the published male bands
 */
public record BreakdownCharts(
    String area,
    List<Band> bands,
    Long bandedIndividuals,
    Long individuals,
    long women,
    long men,
    List<Shelter> shelters,
    boolean suppressed) {

  /** One band of the pyramid. */
  public record Band(String label, Long females, Long males) {}

  /** One bar of the shelter chart. */
  public record Shelter(String label, Long individuals) {}

  /** What tracking and publication write for a figure without shelter type. */
  static final String SHELTER_NOT_REPORTED = "Not reported";

  private static final Pattern RANGE = Pattern.compile("(\\d+)_(\\d+)");
  private static final Pattern OPEN = Pattern.compile("(\\d+)\\+?");

  public boolean hasPyramid() {
    return !bands.isEmpty();
  }

  public boolean hasShelters() {
    return !shelters.isEmpty();
  }

  /** A published breakdown, labelled for the reader. */
  public static BreakdownCharts of(
      PopulationBreakdown breakdown, MessageSource messages, Locale locale) {
    List<Band> bands = new ArrayList<>();
    long women = 0;
    long men = 0;
    for (PopulationBreakdown.SexAgeBand b : breakdown.sexAge()) {
      bands.add(0, new Band(bandLabel(b.band(), messages, locale), b.females(), b.males()));
      women += b.females() == null ? 0 : b.females();
      men += b.males() == null ? 0 : b.males();
    }
    List<Shelter> shelters = new ArrayList<>();
    for (PopulationBreakdown.ShelterCount s : breakdown.shelters()) {
      shelters.add(new Shelter(shelterLabel(s.shelter(), messages, locale), s.individuals()));
    }
    return new BreakdownCharts(
        breakdown.name(),
        bands,
        breakdown.bandedIndividuals(),
        breakdown.individuals(),
        women,
        men,
        shelters,
        breakdown.suppressed());
  }

  /**
   * The breakdown of one place's own assessment (its figures' bands and shelters).
   *
   * @param bandCodes the operation's bands, youngest first
   * @param females per band, youngest first
   * @param shelters individuals per shelter type as written (null key: not reported)
   */
  public static BreakdownCharts ofPlace(
      String area,
      List<String> bandCodes,
      long[] females,
      long[] males,
      long bandedIndividuals,
      Map<String, Long> shelters,
      MessageSource messages,
      Locale locale) {
    List<PopulationBreakdown.SexAgeBand> bands = new ArrayList<>();
    if (bandedIndividuals > 0) {
      for (int i = 0; i < bandCodes.size(); i++) {
        bands.add(new PopulationBreakdown.SexAgeBand(bandCodes.get(i), females[i], males[i]));
      }
    }
    List<PopulationBreakdown.ShelterCount> counts = new ArrayList<>();
    long individuals = 0;
    for (Map.Entry<String, Long> s : shelters.entrySet()) {
      counts.add(
          new PopulationBreakdown.ShelterCount(
              s.getKey() == null ? SHELTER_NOT_REPORTED : s.getKey(), s.getValue()));
      individuals += s.getValue();
    }
    counts.sort((a, b) -> Long.compare(b.individuals(), a.individuals()));
    return of(
        new PopulationBreakdown(
            0, null, "IDP", 0, null, area, bands, bandedIndividuals, individuals, counts, false),
        messages,
        locale);
  }

  /** {@code 0_0} "under 1", {@code 1_5} "1–5", {@code 60} "60 and over"; other codes as written. */
  static String bandLabel(String code, MessageSource messages, Locale locale) {
    Matcher range = RANGE.matcher(code);
    if (range.matches()) {
      int from = Integer.parseInt(range.group(1));
      int to = Integer.parseInt(range.group(2));
      if (from == 0 && to == 0) return messages.getMessage("breakdown.band.under1", null, locale);
      return messages.getMessage("breakdown.band.range", new Object[] {from, to}, locale);
    }
    Matcher open = OPEN.matcher(code);
    if (open.matches()) {
      return messages.getMessage(
          "breakdown.band.over", new Object[] {Integer.parseInt(open.group(1))}, locale);
    }
    return code;
  }

  private static String shelterLabel(String shelter, MessageSource messages, Locale locale) {
    return SHELTER_NOT_REPORTED.equals(shelter)
        ? messages.getMessage("breakdown.shelterNotReported", null, locale)
        : shelter;
  }
}
