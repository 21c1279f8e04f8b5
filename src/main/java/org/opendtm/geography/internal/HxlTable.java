package org.opendtm.geography.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.tabular.HxlTag;
import org.opendtm.platform.tabular.TabularRowHandler;

/**
 * Finds the columns of a table — an HXL hashtag row directly under the header row, or hashtags in
 * the first row itself, or failing both, header names a fallback maps to tags — and passes the data
 * rows on to the import chosen for those columns.
 */
final class HxlTable implements TabularRowHandler {

  /** A column of the file: its position, header text and tag (null when it has none). */
  record Column(int index, String header, HxlTag tag) {
    String label() {
      if (tag != null) return tag.toString();
      return header == null || header.isBlank() ? "column " + (index + 1) : header;
    }
  }

  /** Receives a table once its columns are known. */
  interface TableImport {
    void row(long rowNumber, String[] cells);
  }

  private final Function<String, Optional<HxlTag>> headerFallback;
  private final Function<List<Column>, TableImport> chooser;
  private String[] header;
  private TableImport target;

  /**
   * @param headerFallback maps a header text to a tag for tables without an HXL row
   * @param chooser picks the import for the columns found
   */
  HxlTable(
      Function<String, Optional<HxlTag>> headerFallback,
      Function<List<Column>, TableImport> chooser) {
    this.headerFallback = headerFallback;
    this.chooser = chooser;
  }

  @Override
  public void row(long rowNumber, String[] cells) {
    if (target != null) {
      target.row(rowNumber, cells);
      return;
    }
    if (header == null) {
      if (hasTags(cells)) {
        target = chooser.apply(columns(cells, cells, false));
        return;
      }
      header = cells;
      return;
    }
    if (hasTags(cells)) {
      target = chooser.apply(columns(header, cells, false));
    } else {
      target = chooser.apply(columns(header, header, true));
      target.row(rowNumber, cells);
    }
  }

  /** Called after the last row: a file of only a header (or nothing) has no columns yet. */
  void finish() {
    if (target == null) {
      if (header == null) {
        throw new OpenDtmException(
            PlatformErrorCode.INVALID_INPUT,
            "The file is empty",
            List.of(InputError.field("file", "no rows")));
      }
      target = chooser.apply(columns(header, header, true));
    }
  }

  private static boolean hasTags(String[] cells) {
    for (String cell : cells) if (HxlTag.parse(cell).isPresent()) return true;
    return false;
  }

  private List<Column> columns(String[] headers, String[] tags, boolean fallback) {
    List<Column> columns = new ArrayList<>();
    int width = Math.max(headers.length, tags.length);
    for (int i = 0; i < width; i++) {
      String headerText = i < headers.length ? headers[i] : "";
      String tagText = i < tags.length ? tags[i] : "";
      HxlTag tag =
          fallback
              ? headerFallback.apply(headerText).orElse(null)
              : HxlTag.parse(tagText).orElse(null);
      if (tag == null && headerText.isBlank()) continue;
      columns.add(new Column(i, headers == tags ? null : headerText, tag));
    }
    return columns;
  }

  static String cell(String[] cells, Column column) {
    if (column == null || column.index() >= cells.length) return "";
    return cells[column.index()];
  }

  /**
   * A code column holds names when most of its values have a space or lower-case letters and no
   * digit: {@code Bamingui-Bangoran} or {@code Lake Chad}, where codes read {@code CF32}.
   */
  static boolean looksLikeName(String value) {
    boolean digit = false, lower = false, space = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isDigit(c)) digit = true;
      else if (Character.isLowerCase(c)) lower = true;
      else if (Character.isWhitespace(c)) space = true;
    }
    return !digit && (lower || space);
  }

  /** Counts name-like values of a code column. */
  static final class CodeColumnCheck {
    final Column column;
    long values;
    long nameLike;
    String example;

    CodeColumnCheck(Column column) {
      this.column = column;
    }

    void see(String value) {
      if (value.isEmpty()) return;
      values++;
      if (looksLikeName(value)) {
        nameLike++;
        if (example == null) example = value;
      }
    }

    Optional<InputError> error() {
      if (values == 0 || nameLike * 2 <= values) return Optional.empty();
      return Optional.of(
          new InputError(
              null,
              column.label(),
              example,
              "this column is tagged as a code but holds names ("
                  + nameLike
                  + " of "
                  + values
                  + " values look like names)"));
    }
  }
}
