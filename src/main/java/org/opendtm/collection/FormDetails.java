package org.opendtm.collection;

import java.util.List;

/** A form with all its versions, newest first. */
public record FormDetails(FormSummary form, List<FormVersionInfo> versions) {}
