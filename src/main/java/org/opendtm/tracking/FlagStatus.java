package org.opendtm.tracking;

/** A flag is open until justified (warnings) or until the data no longer raises it (resolved). */
public enum FlagStatus {
  OPEN,
  JUSTIFIED,
  RESOLVED
}
