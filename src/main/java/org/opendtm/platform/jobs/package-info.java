/**
 * Long work (imports, publishing) run in the background as jobs whose progress, result or problem
 * callers can follow; the phases of {@link org.opendtm.platform.PhaseTimer} are the progress.
 */
package org.opendtm.platform.jobs;
