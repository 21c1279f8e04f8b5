package org.opendtm.collection.internal.xlsform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.tabular.TabularReader;
import org.opendtm.platform.tabular.TabularRowHandler;

/**
 * Reads the sheets of an XLSForm workbook through the platform's XLSX reader (zip-bomb limits, no
 * external entities), normalising column names the way XLSForm tools accept them: case and spaces
 * in the column name are free ({@code List Name}, {@code constraint message}), the language after
 * {@code ::} is kept as written.
 */
public final class XlsFormReader {

  /** More rows than any real form has; a guard against a workbook built to exhaust memory. */
  static final int MAX_ROWS = 50_000;

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("list_name", "list_name"),
          Map.entry("value", "name"),
          Map.entry("readonly", "read_only"),
          Map.entry("jr:constraintmsg", "constraint_message"),
          Map.entry("jr:requiredmsg", "required_message"),
          Map.entry("calculate", "calculation"),
          Map.entry("jr:count", "repeat_count"),
          Map.entry("repeat_count", "repeat_count"));

  private XlsFormReader() {}

  static XlsFormWorkbook read(Path file) {
    Map<String, Sheet> sheets = new LinkedHashMap<>();
    TabularReader.readSheets(
        file,
        name -> {
          String key = name.strip().toLowerCase(Locale.ROOT);
          if (!List.of("survey", "choices", "settings").contains(key)) return null;
          Sheet sheet = new Sheet(key);
          sheets.putIfAbsent(key, sheet);
          return sheet;
        });
    Sheet survey = sheets.get("survey");
    if (survey == null || survey.rows.isEmpty()) {
      throw new OpenDtmException(
          PlatformErrorCode.INVALID_INPUT,
          "The workbook has no survey sheet (or it is empty): is this an XLSForm?",
          List.of(InputError.field("survey", "the sheet named survey is missing or empty")));
    }
    Sheet choices = sheets.getOrDefault("choices", new Sheet("choices"));
    Sheet settings = sheets.getOrDefault("settings", new Sheet("settings"));
    Map<String, String> settingValues = new LinkedHashMap<>();
    long settingsRow = 2;
    if (!settings.rows.isEmpty()) {
      SheetRow first = settings.rows.get(0);
      settingsRow = first.row();
      first.cells().forEach((column, value) -> settingValues.put(column, value));
    }
    return new XlsFormWorkbook(
        survey.rows, choices.rows, settingValues, settingsRow, survey.columns, choices.columns);
  }

  /** {@code Label::English (en)} → {@code label::English (en)}; {@code List Name} → list_name. */
  static String columnName(String header) {
    String text = header.strip();
    String language = null;
    int separator = text.indexOf("::");
    if (separator >= 0) {
      language = text.substring(separator + 2).strip();
      text = text.substring(0, separator);
    }
    String base = text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_");
    base = ALIASES.getOrDefault(base, base);
    return language == null || language.isEmpty() ? base : base + "::" + language;
  }

  private static final class Sheet implements TabularRowHandler {
    final String name;
    final List<SheetRow> rows = new ArrayList<>();
    List<String> columns;

    Sheet(String name) {
      this.name = name;
    }

    @Override
    public void row(long rowNumber, String[] cells) {
      if (columns == null) {
        columns = new ArrayList<>();
        for (String header : cells) columns.add(header.isBlank() ? "" : columnName(header));
        return;
      }
      if (rows.size() >= MAX_ROWS) {
        throw new OpenDtmException(
            PlatformErrorCode.INVALID_INPUT,
            "The " + name + " sheet has more than " + MAX_ROWS + " rows",
            List.of(InputError.at(rowNumber, name, null, "more rows than a form may have")));
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < cells.length && i < columns.size(); i++) {
        String column = columns.get(i);
        if (!column.isEmpty() && !cells[i].isEmpty()) values.putIfAbsent(column, cells[i]);
      }
      if (!values.isEmpty()) rows.add(new SheetRow(name, rowNumber, values));
    }
  }
}
