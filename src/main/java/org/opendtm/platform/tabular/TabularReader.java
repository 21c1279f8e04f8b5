package org.opendtm.platform.tabular;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Streams the rows of a CSV or XLSX file to a handler, in constant memory whatever the file's size.
 *
 * <p>Untrusted files are read with limits: XLSX goes through POI's zip-bomb checks (minimum inflate
 * ratio, maximum entry size) and its XML parser has DTDs and external entities off; CSV rows may
 * have at most {@value #MAX_COLUMNS} columns of at most {@value #MAX_CELL_LENGTH} characters. CSV
 * is read as UTF-8 (a byte-order mark is skipped) with the delimiter — comma, semicolon or tab —
 * taken from the first line.
 */
public final class TabularReader {

  public static final int MAX_COLUMNS = 2_000;
  public static final int MAX_CELL_LENGTH = 32_767;

  static {
    ZipSecureFile.setMinInflateRatio(0.005);
    // the largest values POI accepts without calling them risky: a sheet's XML up to 4 GiB
    // (1 GB workbooks), text of one extraction up to its 10 MiB default
    ZipSecureFile.setMaxEntrySize(4L * 1024 * 1024 * 1024 - 1);
    ZipSecureFile.setMaxTextSize(10L * 1024 * 1024);
  }

  private TabularReader() {}

  /** Reads the first sheet of an XLSX, or the whole CSV, calling the handler for each row. */
  public static void read(Path file, TabularFormat format, TabularRowHandler handler) {
    try {
      switch (format) {
        case CSV -> readCsv(file, handler);
        case XLSX -> readXlsx(file, handler);
        default ->
            throw new OpenDtmException(
                PlatformErrorCode.UNSUPPORTED_FORMAT, format + " is not a table format");
      }
    } catch (IOException e) {
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE, "The file could not be read: " + e.getMessage());
    }
  }

  private static void readCsv(Path file, TabularRowHandler handler) throws IOException {
    char delimiter = sniffDelimiter(file);
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (InputStream in = Files.newInputStream(file);
        Reader reader = new BufferedReader(new InputStreamReader(skipBom(in), decoder), 1 << 16);
        CSVParser parser =
            CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get()
                .parse(reader)) {
      for (CSVRecord record : parser) {
        long rowNumber = record.getRecordNumber();
        int size = record.size();
        if (size > MAX_COLUMNS) {
          throw limit(rowNumber, "has " + size + " columns; at most " + MAX_COLUMNS + " are read");
        }
        String[] cells = new String[size];
        boolean empty = true;
        for (int i = 0; i < size; i++) {
          String value = record.get(i);
          if (value.length() > MAX_CELL_LENGTH) {
            throw limit(rowNumber, "column " + (i + 1) + " holds more than 32,767 characters");
          }
          cells[i] = value;
          if (!value.isEmpty()) empty = false;
        }
        if (!empty) handler.row(rowNumber, cells);
      }
    } catch (java.io.UncheckedIOException e) {
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE,
          "The CSV file is malformed: " + e.getCause().getMessage());
    }
  }

  private static OpenDtmException limit(long row, String reason) {
    return new OpenDtmException(
        PlatformErrorCode.UNREADABLE_FILE,
        "Row " + row + " " + reason,
        List.of(new InputError(row, null, null, reason)));
  }

  private static InputStream skipBom(InputStream in) throws IOException {
    var buffered = new java.io.BufferedInputStream(in, 1 << 16);
    buffered.mark(3);
    byte[] bom = buffered.readNBytes(3);
    if (!(bom.length == 3
        && (bom[0] & 0xff) == 0xEF
        && (bom[1] & 0xff) == 0xBB
        && (bom[2] & 0xff) == 0xBF)) {
      buffered.reset();
    }
    return buffered;
  }

  static char sniffDelimiter(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(8192);
    }
    String text = new String(head, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String first = end < 0 ? text : text.substring(0, end);
    int commas = count(first, ','), semicolons = count(first, ';'), tabs = count(first, '\t');
    if (tabs > commas && tabs >= semicolons) return '\t';
    if (semicolons > commas) return ';';
    return ',';
  }

  private static int count(String text, char c) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) == c) n++;
    return n;
  }

  private static void readXlsx(Path file, TabularRowHandler handler) {
    boolean[] none = {true};
    readSheets(
        file,
        name -> {
          if (!none[0]) return null; // the first sheet only
          none[0] = false;
          return handler;
        });
    if (none[0]) {
      throw new OpenDtmException(PlatformErrorCode.UNREADABLE_FILE, "The workbook has no sheet");
    }
  }

  /**
   * Reads every sheet of an XLSX workbook, with the same limits as {@link #read}, giving each
   * sheet's rows to the handler chosen for its name; sheets for which the chooser answers null are
   * skipped unread. For workbooks whose sheets are named parts of one document, such as XLSForms.
   */
  public static void readSheets(
      Path file, java.util.function.Function<String, TabularRowHandler> handlerForSheet) {
    try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
      XSSFReader reader = new XSSFReader(pkg);
      var strings = new ReadOnlySharedStringsTable(pkg, false);
      var sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
      while (sheets.hasNext()) {
        try (InputStream sheet = sheets.next()) {
          TabularRowHandler handler = handlerForSheet.apply(sheets.getSheetName());
          if (handler == null) continue;
          XMLReader parser = XMLHelper.newXMLReader();
          parser.setContentHandler(
              new XSSFSheetXMLHandler(
                  reader.getStylesTable(),
                  null,
                  strings,
                  new RowCollector(handler),
                  new IsoDateFormatter(),
                  false));
          parser.parse(new InputSource(sheet));
        }
      }
    } catch (OpenDtmException e) {
      throw e;
    } catch (OpenXML4JException | SAXException | org.apache.poi.ooxml.POIXMLException e) {
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE, "The XLSX file could not be read: " + e.getMessage());
    } catch (javax.xml.parsers.ParserConfigurationException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Zip bomb")) {
        throw new OpenDtmException(
            PlatformErrorCode.UNREADABLE_FILE,
            "The XLSX file expands far beyond its size (a zip bomb?) and was not opened");
      }
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE, "The file could not be read: " + e.getMessage());
    } catch (org.apache.poi.UnsupportedFileFormatException
        | org.apache.poi.openxml4j.exceptions.InvalidOperationException e) {
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE, "The file is not an XLSX workbook: " + e.getMessage());
    }
  }

  /** Dates in ISO form, so that a cell formatted as a date reads 2024-03-31 whatever the locale. */
  private static final class IsoDateFormatter extends DataFormatter {
    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString) {
      if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
        LocalDate date = DateUtil.getLocalDateTime(value).toLocalDate();
        return date.toString();
      }
      return super.formatRawCellContents(value, formatIndex, formatString);
    }
  }

  private static final class RowCollector implements XSSFSheetXMLHandler.SheetContentsHandler {
    private final TabularRowHandler handler;
    private final List<String> cells = new ArrayList<>();
    private int rowIndex;

    RowCollector(TabularRowHandler handler) {
      this.handler = handler;
    }

    @Override
    public void startRow(int rowNum) {
      rowIndex = rowNum;
      cells.clear();
    }

    @Override
    public void endRow(int rowNum) {
      boolean empty = cells.stream().allMatch(String::isEmpty);
      if (!empty) handler.row(rowIndex + 1L, cells.toArray(String[]::new));
    }

    @Override
    public void cell(String reference, String value, XSSFComment comment) {
      int column = columnIndex(reference, cells.size());
      if (column >= MAX_COLUMNS) {
        throw limit(rowIndex + 1L, "has more than " + MAX_COLUMNS + " columns");
      }
      while (cells.size() < column) cells.add("");
      String text = value == null ? "" : value.strip();
      if (text.length() > MAX_CELL_LENGTH) {
        throw limit(rowIndex + 1L, "column " + (column + 1) + " holds more than 32,767 characters");
      }
      cells.add(text);
    }

    private static int columnIndex(String reference, int fallback) {
      if (reference == null) return fallback;
      int column = 0;
      for (int i = 0; i < reference.length(); i++) {
        char c = reference.charAt(i);
        if (c < 'A' || c > 'Z') break;
        column = column * 26 + (c - 'A' + 1);
      }
      return column - 1;
    }
  }
}
