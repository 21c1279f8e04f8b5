package org.opendtm.tracking;

/** An error blocks publishing; a warning needs a written justification. */
public enum Severity {
  ERROR,
  WARNING
}
