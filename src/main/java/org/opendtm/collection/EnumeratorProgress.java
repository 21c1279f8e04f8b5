package org.opendtm.collection;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One enumerator's (or importing user's) collection in a round: what was sent and what became of
 * it, and the assigned places not visited yet.
 *
 * @param enumerator the user name submissions carry as submitter
 * @param displayName the enumerator's name, or null for a user who is not an enumerator (imports)
 * @param assigned how many places the round's assignment list gives them, or null without a list
 * @param assignedVisited how many of those they visited (an APPLIED submission at the place, or at
 *     a location inside an assigned admin unit), or null without a list
 * @param submitted submissions sent for the round (any state but deleted)
 * @param applied submissions that became assessments of the round
 * @param notApplied submissions that could not be applied (see their reason), rejected ones aside
 * @param pending submissions not processed yet
 * @param rejected submissions a reviewer rejected
 * @param placesVisited distinct places of their applied submissions
 * @param lastSubmissionAt when their latest submission for the round arrived, or null
 * @param notVisited assigned places they have not visited yet, by code (capped: see count)
 * @param notVisitedCount how many assigned places they have not visited yet
 */
public record EnumeratorProgress(
    String enumerator,
    String displayName,
    Integer assigned,
    Integer assignedVisited,
    long submitted,
    long applied,
    long notApplied,
    long pending,
    long rejected,
    long placesVisited,
    OffsetDateTime lastSubmissionAt,
    List<String> notVisited,
    long notVisitedCount) {}
