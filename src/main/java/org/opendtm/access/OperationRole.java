package org.opendtm.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * A role a person holds in one operation. What each role may do is decided in {@link Right};
 * platform administrators may do everything everywhere.
 */
public enum OperationRole {
  /** Runs the operation: geography, rounds, imports, settings, staff. */
  MANAGER("Runs the operation: geography, rounds, imports, settings and who holds which role"),
  /** Reviews rounds: resolves and justifies flags, signs off and publishes. */
  REVIEWER("Reviews rounds: corrects figures, justifies flags, signs off and publishes"),
  /** Collects data for the operation's open rounds. */
  ENUMERATOR("Collects data for the operation's open rounds"),
  /** Reads published figures of the operation. */
  PARTNER("Reads the operation's published figures"),
  /** Decides sharing classes and audits access to the operation's data. */
  DATA_PROTECTION("Reads everything of the operation to audit its use; changes nothing");

  private final String description;

  OperationRole(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** The rights this role holds, as decided in {@link Right}. */
  public Set<Right> rights() {
    return Right.heldBy(EnumSet.of(this));
  }
}
