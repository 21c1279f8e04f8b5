package org.opendtm.tracking;

/**
 * A published round is about to be reopened for a correction. Published synchronously inside the
 * reopening transaction, with the round's row locked and before its status changes: the figures are
 * still exactly those of the published revision, so listeners can still derive what they compute
 * from them after the publication (the publication module's breakdowns, computed after the
 * publishing transaction commits) — a correction may change them right after.
 *
 * @param revision the revision published until now
 */
public record RoundReopening(
    long operationId, String operationCode, long roundId, int roundNumber, int revision) {}
