package org.opendtm.access;

import java.time.Instant;

/**
 * An account was disabled: its sessions begun before {@code at} are void. Published inside the
 * transaction that disabled it; other instances learn of it after the commit.
 */
public record AccountDisabled(String username, Instant at) {}
