package org.opendtm.collection;

import java.time.OffsetDateTime;

/**
 * A form of an operation: its newest version (the one served to phones), its state and how many
 * versions it has had.
 */
public record FormSummary(
    String formId,
    String title,
    FormState state,
    String latestVersion,
    int versions,
    OffsetDateTime updatedAt) {}
