package org.opendtm.tracking.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What validation right after an import may read instead of the stored rows: the import's figures
 * that a rule could flag are in its staging table ({@link StagingTable}), each with its place's
 * index and marked "suspect" where a rule could flag it ({@link FigureChecks}, and
 * DUPLICATE_PLACE's groups marked by the importer). Valid only while the round's assessments of the
 * validated types are exactly the import's ({@link Validation} checks that by counting them).
 *
 * @param ids the assessment id of place {@code i} at {@code ids[i]} (0: not stored)
 * @param assessments how many assessments the import stored
 * @param complete every figure of the import is staged (the staging path); otherwise only the
 *     suspect ones are (stored while read, docs/perf.md section 15), and what sums over all figures
 *     (ROUND_CHANGE) reads the stored figures or {@code sums}
 * @param sums the import's individuals per place and group, summed while the file was read (null:
 *     not summed): ROUND_CHANGE's sums of the round's figures when the import is their only source
 * @param previous the previous published round's kept sums by assessment type, loaded while the
 *     file was read (null: none loaded; a future's value null: none kept)
 */
public record StagedFigures(
    Long[] ids,
    long assessments,
    boolean complete,
    ImportPlaces.Sums sums,
    Map<String, CompletableFuture<PlaceTotals.Previous>> previous) {}
