/**
 * Field data collection: XLSForm upload and XForm generation, the OpenRosa server that ODK Collect,
 * KoboCollect and Enketo speak, enumerators, and submissions (raw, idempotent by instanceID),
 * turned into assessments of an operation's open round.
 */
package org.opendtm.collection;
