package org.opendtm.tracking;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.opendtm.platform.InputError;

/**
 * How an assessment file would be read, from its header, its HXL row and its first data rows,
 * without storing anything: what to show before the import is confirmed.
 *
 * @param shape {@code HXL_TABLE} or {@code DTM_API}, null when the file is not readable as either
 * @param columns every column of the file in order, mapped or ignored
 * @param rows the first data rows (at most {@link #SAMPLE_ROWS}) as written
 * @param problems what would stop the import already (no place column, names in a code column…)
 */
public record ImportPreview(
    String fileName,
    String format,
    String shape,
    List<Column> columns,
    List<SampleRow> rows,
    List<InputError> problems) {

  /** How many data rows a preview shows. */
  public static final int SAMPLE_ROWS = 20;

  /**
   * One column.
   *
   * @param tag the HXL tag as written (or given by the saved mapping), null when none
   * @param field what the import reads from it, null when ignored
   * @param ignoredBecause why it is ignored, null when mapped
   */
  public record Column(int index, String header, String tag, String field, String ignoredBecause) {
    @JsonProperty("mapped")
    public boolean mapped() {
      return field != null;
    }
  }

  /** A data row: its number in the file (1-based, as errors name it) and its cells. */
  public record SampleRow(long row, List<String> cells) {}

  /** True when nothing found so far stops the import. */
  @JsonProperty("importable")
  public boolean importable() {
    return shape != null && problems.isEmpty();
  }
}
