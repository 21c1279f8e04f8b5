package org.opendtm.geography;

/**
 * Published (synchronously, inside the changing transaction) when an operation's settings change,
 * so that modules caching what they derive from an operation — e.g. the public API's responses,
 * which depend on its {@code publicAdminLevel} — can drop it once the change commits.
 *
 * @param operationId the operation's id
 * @param code the operation's code
 */
public record OperationChanged(long operationId, String code) {}
