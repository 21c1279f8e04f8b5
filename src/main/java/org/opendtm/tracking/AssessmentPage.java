package org.opendtm.tracking;

import java.util.List;

/** One page of a round's assessments. */
public record AssessmentPage(List<Assessment> items, int page, int size, long total) {}
