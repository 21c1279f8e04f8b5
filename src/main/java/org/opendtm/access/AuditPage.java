package org.opendtm.access;

import java.util.List;

/** One page of audit events, newest first. */
public record AuditPage(List<AuditEntry> items, int page, int size, long total) {}
