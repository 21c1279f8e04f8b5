/**
 * Mobility tracking: rounds, baseline, site and emergency assessments, population figures,
 * validation rules, review and sign-off.
 */
package org.opendtm.tracking;
