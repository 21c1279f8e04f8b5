package org.opendtm.tracking.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opendtm.geography.Operation;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.tabular.HxlTag;
import org.opendtm.platform.tabular.TabularFormat;
import org.opendtm.platform.tabular.TabularReader;
import org.opendtm.tracking.ImportPreview;
import org.opendtm.tracking.ImportPreview.Column;
import org.opendtm.tracking.ImportPreview.SampleRow;
import org.opendtm.tracking.ImportReport.IgnoredColumn;
import org.opendtm.tracking.internal.HxlColumns.Field;
import org.springframework.stereotype.Component;

/**
 * Reads the head of an assessment file — header, HXL row, the first data rows — and maps its
 * columns with the importer's own rules ({@link HxlColumns}), touching no table: the preview and
 * the import cannot disagree on what a column means.
 */
@Component
public class ImportPreviews {

  /** Thrown to stop reading once the head of the file is in. */
  private static final class Enough extends RuntimeException {
    Enough() {
      super(null, null, false, false);
    }
  }

  public ImportPreview preview(
      Operation operation,
      Path file,
      String fileName,
      TabularFormat given,
      Map<String, String> mapping) {
    TabularFormat format;
    try {
      format = given != null ? given : TabularFormat.detect(file);
    } catch (IOException e) {
      throw new OpenDtmException(PlatformErrorCode.UNREADABLE_FILE, "The file could not be read");
    }
    if (format == TabularFormat.GEOJSON) {
      throw new OpenDtmException(
          PlatformErrorCode.UNSUPPORTED_FORMAT,
          "GeoJSON holds boundaries, not assessments: import it as geography");
    }
    String formatName = format.name().toLowerCase(Locale.ROOT);
    if (format == TabularFormat.JSON) return previewJson(file, fileName, formatName);

    List<long[]> numbers = new ArrayList<>();
    List<String[]> head = new ArrayList<>();
    try {
      TabularReader.read(
          file,
          format,
          (row, cells) -> {
            head.add(cells);
            numbers.add(new long[] {row});
            // header, HXL row and the sample, with one row of slack for a header-less HXL row
            if (head.size() >= ImportPreview.SAMPLE_ROWS + 2) throw new Enough();
          });
    } catch (Enough enough) {
      // the head is enough
    }
    if (head.isEmpty()) {
      return new ImportPreview(
          fileName,
          formatName,
          null,
          List.of(),
          List.of(),
          List.of(new InputError(1L, null, null, "the file is empty")));
    }
    String[] header = head.get(0);
    if (mapping == null && AssessmentFileReader.looksLikeDtm(header)) {
      return previewDtmTable(fileName, formatName, head, numbers);
    }
    int dataFrom;
    String[] labels;
    HxlTag[] tags;
    List<InputError> problems = new ArrayList<>();
    if (mapping != null) {
      Map<String, String> byHeader = new HashMap<>();
      mapping.forEach((k, v) -> byHeader.put(k.strip().toLowerCase(Locale.ROOT), v));
      labels = header.clone();
      tags = new HxlTag[header.length];
      for (int i = 0; i < header.length; i++) {
        String tag = byHeader.get(header[i].strip().toLowerCase(Locale.ROOT));
        tags[i] = tag == null ? null : HxlTag.parse(tag).orElse(null);
      }
      dataFrom = head.size() > 1 && AssessmentFileReader.isTagRow(head.get(1)) ? 2 : 1;
    } else {
      int tagRow;
      if (AssessmentFileReader.isTagRow(header)) tagRow = 0;
      else if (head.size() > 1 && AssessmentFileReader.isTagRow(head.get(1))) tagRow = 1;
      else tagRow = -1;
      if (tagRow < 0) {
        problems.add(
            new InputError(
                numbers.get(0)[0] + 1,
                null,
                null,
                "no HXL hashtag row under the header: tag the columns (e.g. #adm2+code,"
                    + " #affected+idps+ind) or import with a saved column mapping"));
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
          columns.add(new Column(i, header[i], null, null, "no HXL tag"));
        }
        return new ImportPreview(
            fileName, formatName, null, columns, sample(head, numbers, 1), problems);
      }
      String[] tagCells = head.get(tagRow);
      int n = Math.max(tagCells.length, header.length);
      labels = new String[n];
      tags = new HxlTag[n];
      for (int i = 0; i < n; i++) {
        String cell = i < tagCells.length ? tagCells[i] : "";
        tags[i] = HxlTag.parse(cell).orElse(null);
        labels[i] = tags[i] != null ? cell.strip() : (i < header.length ? header[i] : "");
      }
      dataFrom = tagRow + 1;
    }
    HxlColumns plan = HxlColumns.of(labels, tags, operation.sexAgeBands());
    List<SampleRow> rows = sample(head, numbers, dataFrom);
    long planRow = numbers.get(Math.max(0, dataFrom - 1))[0];
    if (plan.columns.stream()
        .noneMatch(c -> c.field() == Field.ADM_CODE || c.field() == Field.LOC_CODE)) {
      problems.add(
          new InputError(
              planRow,
              null,
              null,
              "no place column: tag one of #loc+code, #adm1+code, #adm2+code, #adm3+code"));
    }
    if (plan.columns.stream().noneMatch(c -> c.field() == Field.FIGURE)) {
      problems.add(
          new InputError(
              planRow,
              null,
              null,
              "no population figures: tag columns like #affected+idps+ind or #affected+idps+hh"));
    }
    Set<Integer> reported = new LinkedHashSet<>();
    for (SampleRow row : rows) {
      for (HxlColumns.Column c : plan.columns) {
        boolean code =
            c.field() == Field.ADM_CODE
                || c.field() == Field.ORIGIN_CODE
                || c.field() == Field.LOC_CODE;
        if (!code || c.index() >= row.cells().size()) continue;
        String value = row.cells().get(c.index()).strip();
        if (!value.isEmpty() && HxlColumns.holdsName(c, value) && reported.add(c.index())) {
          problems.add(
              new InputError(
                  row.row(),
                  c.label(),
                  value,
                  "column "
                      + c.label()
                      + " is tagged as a code but holds names like '"
                      + value
                      + "'; tag it +name or put the codes in it"));
        }
      }
    }
    Map<Integer, HxlColumns.Column> mapped = new HashMap<>();
    plan.columns.forEach(c -> mapped.put(c.index(), c));
    Map<String, String> ignored = new LinkedHashMap<>();
    for (IgnoredColumn i : plan.ignored) ignored.putIfAbsent(i.column(), i.reason());
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      String headerText = i < header.length ? header[i] : "";
      String tag = tags[i] == null ? null : labels[i];
      if (mapping != null) tag = tags[i] == null ? null : tags[i].toString();
      HxlColumns.Column c = mapped.get(i);
      if (c != null) {
        columns.add(new Column(i, headerText, tag, c.describe(), null));
      } else {
        String reason =
            ignored.getOrDefault(labels[i], tags[i] == null ? "no HXL tag" : "not used");
        columns.add(new Column(i, headerText, tag, null, reason));
      }
    }
    return new ImportPreview(
        fileName, formatName, AssessmentFileReader.SHAPE_TABLE, columns, rows, problems);
  }

  private static List<SampleRow> sample(List<String[]> head, List<long[]> numbers, int from) {
    List<SampleRow> rows = new ArrayList<>();
    for (int i = from; i < head.size() && rows.size() < ImportPreview.SAMPLE_ROWS; i++) {
      rows.add(new SampleRow(numbers.get(i)[0], Arrays.asList(head.get(i))));
    }
    return rows;
  }

  private static ImportPreview previewDtmTable(
      String fileName, String formatName, List<String[]> head, List<long[]> numbers) {
    String[] header = head.get(0);
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < header.length; i++) columns.add(dtmColumn(i, header[i]));
    int from = head.size() > 1 && AssessmentFileReader.isTagRow(head.get(1)) ? 2 : 1;
    return new ImportPreview(
        fileName,
        formatName,
        AssessmentFileReader.SHAPE_DTM,
        columns,
        sample(head, numbers, from),
        List.of());
  }

  private static Column dtmColumn(int index, String name) {
    boolean known = AssessmentFileReader.DTM_FIELDS.contains(name.strip().toLowerCase(Locale.ROOT));
    return new Column(
        index,
        name,
        null,
        known ? "DTM API field " + name.strip() : null,
        known ? null : "not a DTM API field");
  }

  private static ImportPreview previewJson(Path file, String fileName, String formatName) {
    Map<String, Integer> names = new LinkedHashMap<>();
    List<Map<String, String>> records = new ArrayList<>();
    List<Long> numbers = new ArrayList<>();
    try {
      DtmJsonReader.read(
          file,
          (row, record) -> {
            record.keySet().forEach(k -> names.putIfAbsent(k, names.size()));
            records.add(record);
            numbers.add(row);
            if (records.size() >= ImportPreview.SAMPLE_ROWS) throw new Enough();
          });
    } catch (Enough enough) {
      // the head is enough
    }
    List<Column> columns = new ArrayList<>();
    names.forEach((name, index) -> columns.add(dtmColumn(index, name)));
    List<SampleRow> rows = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      Map<String, String> record = records.get(i);
      rows.add(
          new SampleRow(
              numbers.get(i),
              names.keySet().stream().map(k -> record.getOrDefault(k, "")).toList()));
    }
    return new ImportPreview(
        fileName, formatName, AssessmentFileReader.SHAPE_DTM, columns, rows, List.of());
  }
}
