package org.opendtm.publication.internal.disclosure;

/**
 * A suppression run was stored that may change what public reads show (published inside its
 * transaction): answers kept from before must go when it commits, on every instance.
 *
 * @param operationCode the operation whose figures are concerned
 */
public record PublicFiguresProtected(String operationCode, long roundId, int revision) {}
