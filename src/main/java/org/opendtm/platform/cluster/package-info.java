/**
 * Tells the other instances of the platform on the same database what changed, through PostgreSQL
 * LISTEN/NOTIFY, so that what each keeps in memory (published answers, revoked sessions) follows.
 */
package org.opendtm.platform.cluster;
