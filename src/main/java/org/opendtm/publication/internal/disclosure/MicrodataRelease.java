package org.opendtm.publication.internal.disclosure;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.SpreadsheetSafe;
import org.opendtm.publication.PublicationErrorCode;
import org.opendtm.publication.internal.disclosure.MicrodataRisk.Assessment;
import org.opendtm.publication.internal.disclosure.MicrodataRisk.Suppressed;

/**
 * Microdata release: reads a CSV of records, applies the officer's recodings, then local
 * suppression ({@link MicrodataRisk}), and reports each stage against the thresholds k ≥ 3 and
 * global risk &lt; 3 %. Only a file that passes after protection may be released.
 */
public final class MicrodataRelease {

  /** The most records a file may hold: local suppression compares records pairwise. */
  public static final int MAX_RECORDS = 5_000;

  private MicrodataRelease() {}

  /** A file read into memory: its header, in order, and its records. */
  public record Microdata(List<String> header, List<Map<String, String>> records) {}

  /** The officer's choices. */
  public record Options(
      List<String> quasiIdentifiers,
      Map<String, Integer> bands,
      Map<String, Long> topCodes,
      Map<String, Integer> mergeRare,
      boolean suppress) {}

  /** One stage of the report. */
  public record Stage(
      int records,
      int k,
      double globalRisk,
      String globalRiskPercent,
      int recordsBelowK,
      boolean releasable,
      List<String> reasons) {
    static Stage of(Assessment a) {
      List<String> reasons = new ArrayList<>();
      if (a.records() == 0) reasons.add("the file has no records");
      else {
        if (a.k() < MicrodataRisk.MIN_K) {
          reasons.add(
              "k = "
                  + a.k()
                  + " is below "
                  + MicrodataRisk.MIN_K
                  + " ("
                  + a.recordsBelowK()
                  + " records are in a group smaller than "
                  + MicrodataRisk.MIN_K
                  + ")");
        }
        if (a.globalRisk() >= MicrodataRisk.MAX_RISK) {
          reasons.add("global risk " + percent(a.globalRisk()) + " is not below 3 %");
        }
      }
      return new Stage(
          a.records(),
          a.k(),
          a.globalRisk(),
          percent(a.globalRisk()),
          a.recordsBelowK(),
          a.releasable(),
          reasons);
    }
  }

  /**
   * The report: the file as given, after the recodings, after local suppression (if asked for and
   * needed), and whether release is blocked, with suggestions.
   */
  public record Report(
      int records,
      List<String> quasiIdentifiers,
      Stage original,
      List<String> recodings,
      Stage afterRecoding,
      int valuesSuppressed,
      Map<String, Integer> suppressedByColumn,
      Stage afterProtection,
      boolean blocked,
      List<String> reasons,
      List<String> suggestions) {}

  /** The report and the protected records it describes. */
  public record Outcome(Report report, List<Map<String, String>> protectedRecords) {}

  /** Reads a CSV with a header row; every problem is reported at once. */
  public static Microdata read(InputStream in, List<String> quasiIdentifiers) {
    List<InputError> errors = new ArrayList<>();
    List<Map<String, String>> records = new ArrayList<>();
    List<String> header;
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setAllowMissingColumnNames(false)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW)
                .build()
                .parse(reader)) {
      header = List.copyOf(parser.getHeaderNames());
      for (CSVRecord row : parser) {
        if (records.size() >= MAX_RECORDS) {
          throw new OpenDtmException(
              PublicationErrorCode.MICRODATA_TOO_LARGE,
              "At most " + MAX_RECORDS + " records per file.");
        }
        if (row.size() != header.size()) {
          errors.add(
              InputError.at(
                  row.getRecordNumber() + 1,
                  null,
                  null,
                  "has " + row.size() + " values, the header " + header.size()));
          if (errors.size() >= 100) break;
          continue;
        }
        Map<String, String> record = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) record.put(header.get(i), row.get(i));
        records.add(record);
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_MICRODATA,
          "Not a CSV file with a header row: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_MICRODATA, "Not a readable CSV file: " + e.getMessage());
    }
    for (String q : quasiIdentifiers) {
      if (!header.contains(q)) {
        errors.add(InputError.field("quasiIdentifiers", "no column " + q + " in the file"));
      }
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_MICRODATA, "The file cannot be assessed.", errors);
    }
    return new Microdata(header, records);
  }

  /** Checks that the options name quasi-identifiers, and recode only quasi-identifiers. */
  public static void check(Options options) {
    List<InputError> errors = new ArrayList<>();
    if (options.quasiIdentifiers().isEmpty()) {
      errors.add(InputError.field("quasiIdentifiers", "name at least one column"));
    }
    Set<String> seen = new HashSet<>();
    for (String q : options.quasiIdentifiers()) {
      if (!seen.add(q)) errors.add(InputError.field("quasiIdentifiers", q + " is named twice"));
    }
    checkRecoded("band", options.bands().keySet(), options, errors);
    checkRecoded("topCode", options.topCodes().keySet(), options, errors);
    checkRecoded("mergeRare", options.mergeRare().keySet(), options, errors);
    options
        .bands()
        .forEach(
            (c, w) -> {
              if (w < 2) errors.add(InputError.field("band", c + ": the width must be at least 2"));
            });
    options
        .mergeRare()
        .forEach(
            (c, m) -> {
              if (m < 2)
                errors.add(InputError.field("mergeRare", c + ": the minimum must be at least 2"));
            });
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_MICRODATA, "The options cannot be applied.", errors);
    }
  }

  private static void checkRecoded(
      String option, Set<String> columns, Options options, List<InputError> errors) {
    for (String c : columns) {
      if (!options.quasiIdentifiers().contains(c)) {
        errors.add(InputError.field(option, c + " is not a quasi-identifier"));
      }
    }
  }

  /** Applies the recodings, then local suppression, and reports every stage. */
  public static Outcome protect(Microdata data, Options options) {
    List<String> quasi = options.quasiIdentifiers();
    List<Map<String, String>> records = data.records();
    Stage original = Stage.of(MicrodataRisk.assess(records, quasi));
    List<String> recodings = new ArrayList<>();
    for (var band : options.bands().entrySet()) {
      records = MicrodataRisk.band(records, band.getKey(), band.getValue());
      recodings.add("band " + band.getKey() + " in bands of " + band.getValue());
    }
    for (var cap : options.topCodes().entrySet()) {
      records = MicrodataRisk.topCode(records, cap.getKey(), cap.getValue());
      recodings.add("top-code " + cap.getKey() + " at " + cap.getValue() + "+");
    }
    for (var rare : options.mergeRare().entrySet()) {
      records = MicrodataRisk.mergeRare(records, rare.getKey(), rare.getValue(), "other");
      recodings.add(
          "merge categories of "
              + rare.getKey()
              + " held by fewer than "
              + rare.getValue()
              + " records into 'other'");
    }
    Assessment recoded = MicrodataRisk.assess(records, quasi);
    Stage afterRecoding = Stage.of(recoded);
    int suppressed = 0;
    Map<String, Integer> byColumn = new LinkedHashMap<>();
    Assessment last = recoded;
    if (options.suppress() && !recoded.releasable() && !records.isEmpty()) {
      Suppressed s = MicrodataRisk.suppressLocally(records, quasi);
      for (int i = 0; i < records.size(); i++) {
        for (String q : quasi) {
          if (records.get(i).get(q) != null && s.records().get(i).get(q) == null) {
            byColumn.merge(q, 1, Integer::sum);
          }
        }
      }
      records = s.records();
      suppressed = s.valuesSuppressed();
      last = s.assessment();
    }
    Stage afterProtection = Stage.of(last);
    List<String> suggestions = suggestions(data, options, original, afterRecoding, suppressed);
    Report report =
        new Report(
            data.records().size(),
            quasi,
            original,
            recodings,
            afterRecoding,
            suppressed,
            byColumn,
            afterProtection,
            !last.releasable(),
            afterProtection.reasons(),
            suggestions);
    return new Outcome(report, records);
  }

  private static List<String> suggestions(
      Microdata data, Options options, Stage original, Stage afterRecoding, int suppressed) {
    List<String> suggestions = new ArrayList<>();
    if (original.releasable()) return suggestions;
    for (String q : options.quasiIdentifiers()) {
      if (options.bands().containsKey(q) || options.topCodes().containsKey(q)) continue;
      Set<String> values = new HashSet<>();
      boolean numeric = true;
      for (Map<String, String> r : data.records()) {
        String v = r.get(q);
        values.add(v);
        if (numeric && !v.trim().matches("-?\\d+")) numeric = false;
      }
      if (numeric && values.size() > 5) {
        suggestions.add(
            "band " + q + " (" + values.size() + " distinct values), e.g. band=" + q + ":10");
      } else if (!numeric && values.size() > 5) {
        suggestions.add(
            "merge rare categories of "
                + q
                + " ("
                + values.size()
                + " distinct values), e.g. mergeRare="
                + q
                + ":"
                + MicrodataRisk.MIN_K);
      }
    }
    if (suppressed > 0) {
      suggestions.add(
          "local suppression blanks "
              + suppressed
              + " quasi-identifier values; recode further to"
              + " suppress fewer");
    } else if (!afterRecoding.releasable() && !options.suppress()) {
      suggestions.add("allow local suppression (suppress=true)");
    }
    if (data.records().size() < 34) {
      suggestions.add(
          "fewer than 34 records can never reach a global risk below 3 %: release a larger file"
              + " or aggregates instead");
    }
    return suggestions;
  }

  /** The protected records as CSV, spreadsheet-safe; suppressed values are empty cells. */
  public static String csv(List<String> header, List<Map<String, String>> records) {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
      printer.printRecord(header.stream().map(SpreadsheetSafe::cell).toList());
      for (Map<String, String> record : records) {
        List<String> row = new ArrayList<>(header.size());
        for (String column : header) {
          String v = record.get(column);
          row.add(v == null ? "" : SpreadsheetSafe.cell(v));
        }
        printer.printRecord(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static String percent(double risk) {
    return String.format(Locale.ROOT, "%.2f %%", risk * 100);
  }
}
