package org.opendtm.demo;

/**
 * A data-quality problem written on purpose into the last round, for the review workflow to find.
 *
 * @param kind what is wrong
 * @param round the round number (always the last)
 * @param file the file name within the output directory
 * @param row the row number as a spreadsheet shows it (header row 1, HXL row 2, data from 3); for
 *     {@link Kind#ROUND_CHANGE} the place's first row
 * @param locationCode the place, by {@code #loc+code}
 * @param description a sentence saying what was planted
 */
public record PlantedProblem(
    Kind kind, int round, String file, long row, String locationCode, String description) {

  /** The kinds of planted problems, each meant to trip one validation rule. */
  public enum Kind {
    /** The sex-and-age bands of a row do not sum to its individuals. */
    SEX_AGE_BANDS_MISMATCH,
    /** Males plus females of a row differ from its individuals. */
    SEX_TOTAL_MISMATCH,
    /** A row repeated: same place, reason and origin twice in the round. */
    DUPLICATE_PLACE,
    /** Individuals per household about 25. */
    HOUSEHOLD_SIZE,
    /** A large site's IDPs four times the previous round's (+300 %). */
    ROUND_CHANGE,
    /** IDPs whose origin admin 1 is the admin 1 they are in. */
    ORIGIN_IS_CURRENT_PLACE,
    /** An origin P-code written with the ISO3 prefix ({@code XLK03}) instead of {@code XL03}. */
    PCODE_VARIANT
  }
}
