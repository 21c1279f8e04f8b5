package org.opendtm.tracking;

/**
 * A round became COLLECTING: it now takes collected data. Published inside the transaction that
 * opened it; listeners that act on the open round listen after the commit.
 *
 * @param operationCode the operation
 * @param roundNumber the round's number
 */
public record RoundOpened(String operationCode, int roundNumber) {}
