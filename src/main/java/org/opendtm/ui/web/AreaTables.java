package org.opendtm.ui.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.opendtm.platform.SpreadsheetSafe;
import org.opendtm.ui.web.Dashboard.AreaRow;

/**
 * The dashboard's table by admin area as a download: CSV with the HXL hashtag row under the header
 * (as HDX expects), or XLSX with the same two rows. Text cells go through {@link SpreadsheetSafe}.
 */
final class AreaTables {

  private AreaTables() {}

  /** Header, HXL tag, value: one entry per column. */
  private record Column(
      String header, String tag, java.util.function.Function<Row0, Object> value) {}

  private record Row0(Dashboard d, AreaRow row) {}

  private static List<Column> columns(Dashboard d) {
    String level = "adm" + d.level();
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("Operation", "#operation+code", r -> r.d().operationCode()));
    columns.add(new Column("Round", "#round", r -> r.d().round()));
    columns.add(
        new Column("Reporting date", "#date+reported", r -> r.d().reportingDate().toString()));
    columns.add(new Column("Assessment type", "#assessment+type", r -> r.d().type()));
    if (d.level() > 1) {
      columns.add(
          new Column("Parent", "#adm" + (d.level() - 1) + "+name", r -> r.row().parentName()));
    }
    columns.add(
        new Column("Admin " + d.level() + " P-code", "#" + level + "+code", r -> r.row().pcode()));
    columns.add(
        new Column("Admin " + d.level() + " name", "#" + level + "+name", r -> r.row().name()));
    columns.add(new Column("IDPs (individuals)", "#affected+idp+ind", r -> r.row().idps()));
    columns.add(new Column("IDPs (households)", "#affected+idp+hh", r -> r.row().idpHouseholds()));
    columns.add(
        new Column(
            "Change of IDPs since previous round",
            "#affected+idp+ind+change",
            r -> r.row().idpChange()));
    columns.add(
        new Column("Returnees (individuals)", "#affected+returnees+ind", r -> r.row().returnees()));
    return columns;
  }

  private static String filename(Dashboard d, String extension) {
    return d.operationCode().replaceAll("[^A-Za-z0-9_-]", "_")
        + "-round"
        + d.round()
        + "-admin"
        + d.level()
        + "."
        + extension;
  }

  static void csv(Dashboard d, HttpServletResponse response) throws IOException {
    List<Column> columns = columns(d);
    response.setContentType("text/csv; charset=UTF-8");
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"" + filename(d, "csv") + "\"");
    Writer out =
        new BufferedWriter(
            new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    line(out, columns.stream().map(c -> (Object) c.header()).toList());
    line(out, columns.stream().map(c -> (Object) c.tag()).toList());
    for (AreaRow row : d.areas()) {
      Row0 r = new Row0(d, row);
      line(out, columns.stream().map(c -> c.value().apply(r)).toList());
    }
    out.flush();
  }

  /** One RFC 4180 line; quoted only where needed (so the HXL row stays bare, as HDX writes it). */
  private static void line(Writer out, List<Object> values) throws IOException {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) out.write(',');
      Object value = values.get(i);
      if (value == null) continue;
      String text = value instanceof String s ? SpreadsheetSafe.cell(s) : value.toString();
      if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
        text = '"' + text.replace("\"", "\"\"") + '"';
      }
      out.write(text);
    }
    out.write("\r\n");
  }

  static void xlsx(Dashboard d, HttpServletResponse response) throws IOException {
    List<Column> columns = columns(d);
    response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"" + filename(d, "xlsx") + "\"");
    try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
      Sheet sheet = workbook.createSheet("Admin " + d.level());
      Row header = sheet.createRow(0);
      Row tags = sheet.createRow(1);
      for (int c = 0; c < columns.size(); c++) {
        header.createCell(c).setCellValue(columns.get(c).header());
        tags.createCell(c).setCellValue(columns.get(c).tag());
      }
      int r = 2;
      for (AreaRow area : d.areas()) {
        Row row = sheet.createRow(r++);
        Row0 values = new Row0(d, area);
        for (int c = 0; c < columns.size(); c++) {
          Object value = columns.get(c).value().apply(values);
          if (value instanceof Number n) {
            row.createCell(c).setCellValue(n.doubleValue());
          } else if (value != null) {
            row.createCell(c).setCellValue(SpreadsheetSafe.cell(value.toString()));
          }
        }
      }
      workbook.write(response.getOutputStream());
      workbook.dispose();
    }
  }
}
