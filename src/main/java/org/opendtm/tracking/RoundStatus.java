package org.opendtm.tracking;

/** Where a round is in its life: planned → collecting → in review → published (→ reopened). */
public enum RoundStatus {
  PLANNED,
  COLLECTING,
  IN_REVIEW,
  PUBLISHED
}
