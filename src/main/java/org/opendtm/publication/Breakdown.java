package org.opendtm.publication;

/** How finely an aggregate read splits each unit's figures. */
public enum Breakdown {
  /** One row per unit: reasons and origins summed. */
  NONE,
  /** One row per unit and displacement reason. */
  REASON,
  /** One row per unit and origin admin 1 ({@code null} origin = not available). */
  ORIGIN
}
