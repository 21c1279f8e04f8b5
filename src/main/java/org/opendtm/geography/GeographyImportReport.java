package org.opendtm.geography;

import java.time.LocalDate;
import java.util.List;

/**
 * What a geography import did: counts, how the file's columns were read, which P-codes matched only
 * by a normalisation rule, and which locations lie outside their unit's boundary.
 */
public record GeographyImportReport(
    String kind,
    String format,
    LocalDate validFrom,
    int created,
    int updated,
    int retired,
    int unchanged,
    List<String> columnsRecognised,
    List<String> columnsIgnored,
    List<Normalisation> pcodeNormalisations,
    List<BoundaryMismatch> boundaryMismatches) {

  /** A P-code written differently from the stored one, matched by a named rule. */
  public record Normalisation(long row, String column, String written, String pcode, String rule) {}

  /**
   * A location whose coordinates lie in another unit than the one given ({@code boundaryPcode}), or
   * outside every boundary at that level ({@code outside}).
   */
  public record BoundaryMismatch(
      long row, String locationCode, String adminPcode, String boundaryPcode, boolean outside) {}
}
