package org.opendtm.access;

/** How widely a dataset or field of an operation may be shared. */
public enum SharingClass {
  /** Shared with everyone, after disclosure control. */
  PUBLIC,
  /** Shared with a partner only under an active data-sharing agreement. */
  SENSITIVE,
  /**
   * For urgent action: shared only under an agreement with a stated purpose that ends within 30
   * days of its creation.
   */
  URGENT_ACTION
}
