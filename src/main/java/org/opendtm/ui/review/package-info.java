/**
 * The pages of a round's review, of imports and of a place: what an information-management officer
 * uses to run a round — follow collection, review flags, import files, sign off and publish — with
 * long work followed as jobs.
 */
package org.opendtm.ui.review;
