package org.opendtm.publication;

/**
 * Which published aggregates to read. Every field is optional; a {@code null} means "all".
 *
 * @param adminLevel admin level of the units (0 = country); all levels when null
 * @param populationGroup IDP, RETURNEE, MIGRANT or HOST
 * @param assessmentType BA, SA or ETT; rows always stay separate per type, never added
 * @param pcode only this unit and the units inside it
 * @param by the breakdown; {@code null} means {@link Breakdown#NONE}
 */
public record AggregateQuery(
    Integer adminLevel, String populationGroup, String assessmentType, String pcode, Breakdown by) {

  public static AggregateQuery all() {
    return new AggregateQuery(null, null, null, null, Breakdown.NONE);
  }

  public Breakdown breakdown() {
    return by == null ? Breakdown.NONE : by;
  }
}
