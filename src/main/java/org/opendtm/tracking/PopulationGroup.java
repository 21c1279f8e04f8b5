package org.opendtm.tracking;

/** The population groups DTM counts. */
public enum PopulationGroup {
  IDP,
  RETURNEE,
  MIGRANT,
  HOST
}
