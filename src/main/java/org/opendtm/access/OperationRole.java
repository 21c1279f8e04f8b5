package org.opendtm.access;

/** What a person may do in one operation. Platform administrators may do everything everywhere. */
public enum OperationRole {
  /** Runs the operation: geography, rounds, imports, publication, staff. */
  MANAGER,
  /** Reviews rounds: resolves and justifies flags, signs off and publishes. */
  REVIEWER,
  /** Collects data for the operation's open rounds. */
  ENUMERATOR,
  /** Reads published and shared figures of the operation. */
  PARTNER,
  /** Decides sharing classes and audits access to the operation's data. */
  DATA_PROTECTION
}
