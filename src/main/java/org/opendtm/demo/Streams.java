package org.opendtm.demo;

/** Keys of the independent random streams derived from the seed (see {@link Dice#of}). */
final class Streams {
  static final long GEOGRAPHY = 1;
  static final long NAMES = 2;
  static final long ADMIN_WEIGHTS = 3;
  static final long EVENTS = 4;
  static final long LOCATION = 10;
  static final long LOCATION_PLACE = 11;
  static final long LOCATION_EVENT = 12;
  static final long LOCATION_ROUND = 13;

  private Streams() {}
}
