package org.opendtm.geography;

public enum LocationKind {
  SITE,
  VILLAGE,
  NEIGHBOURHOOD,
  FLOW_MONITORING_POINT,
  OTHER
}
