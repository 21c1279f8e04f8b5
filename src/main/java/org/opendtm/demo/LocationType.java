package org.opendtm.demo;

/** Kinds of places in the demo master list, with the words written in {@code #loc+type}. */
enum LocationType {
  CAMP("camp", "Camp", "Emergency shelter"),
  COLLECTIVE_CENTRE("collective centre", "Collective Centre", "Collective centre"),
  INFORMAL_SETTLEMENT("informal settlement", "Settlement", "Makeshift shelter"),
  VILLAGE("village", "", "Host family");

  final String label;
  final String nameSuffix;
  final String shelter;

  LocationType(String label, String nameSuffix, String shelter) {
    this.label = label;
    this.nameSuffix = nameSuffix;
    this.shelter = shelter;
  }

  boolean isSite() {
    return this != VILLAGE;
  }
}
