package org.opendtm.publication.internal;

/**
 * A revision's breakdowns were stored after its publication committed (or back-filled): disclosure
 * control protects them for public reads.
 */
public record BreakdownsStored(String operationCode) {}
