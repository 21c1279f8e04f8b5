package org.opendtm.collection.internal.binding;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opendtm.collection.CollectionErrorCode;
import org.opendtm.collection.FormField;
import org.opendtm.collection.SubmissionReceived;
import org.opendtm.collection.internal.FormFields;
import org.opendtm.collection.internal.FormVersions;
import org.opendtm.collection.internal.FormVersions.FormVersion;
import org.opendtm.collection.internal.Submissions;
import org.opendtm.collection.internal.Submissions.Existing;
import org.opendtm.collection.internal.Submissions.NewSubmission;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.tabular.TabularFormat;
import org.opendtm.platform.tabular.TabularReader;
import org.opendtm.platform.tabular.TabularRowHandler;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports submissions exported from KoboToolbox or ODK Central (CSV or XLSX, one row per
 * submission) for a form of the operation: each row becomes a submission of the form's newest
 * version, idempotent by instanceID, and then goes through the same binding as a phone's. Headers
 * are field names or group paths ({@code idps/idp_households}, ODK Central's {@code
 * idps-idp_households}); the instance ID comes from {@code meta/instanceID} ({@code
 * meta-instanceID}, {@code instanceID}, {@code KEY}) or Kobo's {@code _uuid}. Any bad row: nothing
 * is stored, every problem is listed by row and field.
 */
@Component
public class SubmissionImport {

  /** What an import did. */
  public record ImportReport(
      String formId,
      String version,
      long rows,
      int created,
      int alreadyPresent,
      List<String> columns,
      List<String> ignoredColumns) {}

  private static final int MAX_ERRORS = 1000;
  private static final List<String> ID_COLUMNS =
      List.of("meta/instanceid", "meta-instanceid", "instanceid", "key", "_uuid");

  private final FormVersions versions;
  private final FormFields fields;
  private final Submissions submissions;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;

  SubmissionImport(
      FormVersions versions,
      FormFields fields,
      Submissions submissions,
      ApplicationEventPublisher events,
      PlatformTransactionManager transactions) {
    this.versions = versions;
    this.fields = fields;
    this.submissions = submissions;
    this.events = events;
    this.tx = new TransactionTemplate(transactions);
  }

  public ImportReport importFile(String operation, String formId, Path file, String user) {
    FormVersion version = latest(operation, formId);
    List<FormField> formFields = fields.listOf(version.id());
    TabularFormat format;
    try {
      format = TabularFormat.detect(file);
    } catch (IOException e) {
      throw new OpenDtmException(PlatformErrorCode.UNREADABLE_FILE, "The file is unreadable");
    }
    if (format != TabularFormat.CSV && format != TabularFormat.XLSX) {
      throw new OpenDtmException(
          PlatformErrorCode.UNSUPPORTED_FORMAT, "Give a CSV or XLSX export of the submissions");
    }
    Rows rows = new Rows(formFields, version);
    if (format == TabularFormat.XLSX) {
      // Kobo's XLSX export: the submissions on the first sheet, each repeat group on a sheet of
      // its own (named after the repeat, cut to 31 characters) whose rows point to their
      // submission by _parent_index (the first sheet's _index) or _submission__uuid
      boolean[] first = {true};
      TabularReader.readSheets(
          file,
          sheet -> {
            if (first[0]) {
              first[0] = false;
              return rows;
            }
            return rows.repeatSheet(sheet);
          });
    } else {
      TabularReader.read(file, format, rows);
    }
    return store(operation, formId, version, rows.finish(), user);
  }

  /**
   * Imports rows already read (a header, then one array of cells per submission), e.g. from the
   * KoboToolbox data API; the same rules as a file.
   */
  public ImportReport importRows(
      String operation, String formId, List<String> header, List<String[]> cells, String user) {
    FormVersion version = latest(operation, formId);
    Rows rows = new Rows(fields.listOf(version.id()), version);
    rows.row(1, header.toArray(String[]::new));
    long number = 2;
    for (String[] row : cells) rows.row(number++, row);
    return store(operation, formId, version, rows.finish(), user);
  }

  private FormVersion latest(String operation, String formId) {
    return versions
        .latest(operation, formId)
        .orElseThrow(
            () ->
                new NotFoundException(
                    CollectionErrorCode.FORM_NOT_FOUND,
                    "Operation " + operation + " has no form " + formId));
  }

  private ImportReport store(
      String operation, String formId, FormVersion version, Rows rows, String user) {
    if (rows.header == null) rows.error(1, null, null, "the file is empty");
    if (!rows.errors.isEmpty()) {
      throw new OpenDtmException(
          CollectionErrorCode.INVALID_SUBMISSION_IMPORT,
          rows.errorCount
              + " problem(s) in the file; no submission was imported. The first: "
              + rows.errors.get(0),
          List.copyOf(rows.errors),
          rows.errorCount,
          Map.of());
    }
    List<SubmissionReceived> created = new ArrayList<>();
    int[] already = {0};
    tx.executeWithoutResult(
        status -> {
          List<InputError> conflicts = new ArrayList<>();
          for (Row row : rows.rows) {
            byte[] sha = sha256(row.xml());
            Optional<Long> id =
                submissions.insertIfNew(
                    new NewSubmission(
                        operation,
                        formId,
                        version.version(),
                        version.id(),
                        row.instanceId(),
                        null,
                        null,
                        user,
                        row.xml(),
                        sha));
            if (id.isPresent()) {
              created.add(
                  new SubmissionReceived(
                      operation, formId, version.version(), row.instanceId(), id.get()));
              continue;
            }
            Existing existing = submissions.findExisting(operation, row.instanceId()).orElseThrow();
            if (java.util.Arrays.equals(existing.xmlSha256(), sha)) {
              already[0]++;
            } else {
              conflicts.add(
                  InputError.at(
                      row.number(),
                      rows.idColumn,
                      row.instanceId(),
                      "a different submission with this instanceID is stored already"));
            }
          }
          if (!conflicts.isEmpty()) {
            throw new OpenDtmException(
                CollectionErrorCode.INVALID_SUBMISSION_IMPORT,
                conflicts.size() + " row(s) conflict with stored submissions; nothing was imported",
                conflicts);
          }
        });
    // after the commit, like a phone's submission: the binding applies them in the background
    created.forEach(events::publishEvent);
    return new ImportReport(
        formId,
        version.version(),
        rows.rows.size(),
        created.size(),
        already[0],
        rows.header == null ? List.of() : List.of(rows.header),
        rows.ignored);
  }

  private record Row(long number, String instanceId, byte[] xml) {}

  /** Reads the rows: header first, then one instance per row. */
  private static final class Rows implements org.opendtm.platform.tabular.TabularRowHandler {
    private final List<FormField> formFields;
    private final FormVersion version;
    private final Map<String, FormField> byHeader = new HashMap<>();
    final List<Row> rows = new ArrayList<>();
    final List<ReadRow> read = new ArrayList<>();
    final List<RepeatSheet> repeats = new ArrayList<>();
    int indexColumn = -1;
    final List<InputError> errors = new ArrayList<>();
    final List<String> ignored = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    long errorCount;
    String[] header;
    String idColumn;
    int idIndex = -1;
    FormField[] columns;

    Rows(List<FormField> formFields, FormVersion version) {
      this.formFields = formFields;
      this.version = version;
      String root = "/data/";
      for (FormField f : formFields) {
        if (f.dataType() == null || f.repeat() != null || "meta".equals(f.type())) continue;
        byHeader.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
        if (f.path().startsWith(root)) {
          String relative = f.path().substring(root.length()).toLowerCase(Locale.ROOT);
          byHeader.put(relative, f);
          byHeader.put(relative.replace('/', '-'), f);
        }
      }
    }

    void error(long row, String field, String value, String reason) {
      errorCount++;
      if (errors.size() < MAX_ERRORS) errors.add(InputError.at(row, field, value, reason));
    }

    @Override
    public void row(long number, String[] cells) {
      if (header == null) {
        header = cells;
        columns = new FormField[cells.length];
        for (String id : ID_COLUMNS) {
          for (int i = 0; i < cells.length && idIndex < 0; i++) {
            if (cells[i].strip().toLowerCase(Locale.ROOT).equals(id)) {
              idIndex = i;
              idColumn = cells[i];
            }
          }
        }
        if (idIndex < 0) {
          error(number, null, null, "no instance ID column (meta/instanceID, KEY or _uuid)");
        }
        for (int i = 0; i < cells.length; i++) {
          if (cells[i].strip().equalsIgnoreCase("_index")) indexColumn = i;
        }
        for (int i = 0; i < cells.length; i++) {
          if (i == idIndex) continue;
          FormField f = byHeader.get(cells[i].strip().toLowerCase(Locale.ROOT));
          if (f == null) {
            String h = cells[i].strip();
            int slash = Math.max(h.lastIndexOf('/'), h.lastIndexOf('-'));
            // a header like "group/field" whose groups differ: the field name decides
            if (slash >= 0) f = byHeader.get(h.substring(slash + 1).toLowerCase(Locale.ROOT));
          }
          columns[i] = f;
          if (f == null && !cells[i].isBlank() && i != indexColumn) ignored.add(cells[i]);
        }
        return;
      }
      if (idIndex < 0) return;
      if (java.util.Arrays.stream(cells).allMatch(String::isBlank)) return;
      String instanceId = idIndex < cells.length ? cells[idIndex].strip() : "";
      if (instanceId.isEmpty()) {
        error(number, idColumn, "", "no instance ID");
        return;
      }
      if (!instanceId.startsWith("uuid:") && instanceId.matches("[0-9a-fA-F-]{36}")) {
        instanceId = "uuid:" + instanceId; // Kobo's _uuid leaves the prefix out
      }
      if (!seen.add(instanceId)) {
        error(number, idColumn, instanceId, "the file has this instance ID twice");
        return;
      }
      Map<String, String> values = new LinkedHashMap<>();
      boolean ok = true;
      for (int i = 0; i < columns.length && i < cells.length; i++) {
        FormField f = columns[i];
        if (f == null || cells[i].isBlank()) continue;
        String value = whole(number, header[i], f, cells[i].strip());
        if (value == null) {
          ok = false;
          continue;
        }
        values.put(f.path(), value);
      }
      if (ok) {
        String index = indexColumn >= 0 && indexColumn < cells.length ? cells[indexColumn] : null;
        read.add(new ReadRow(number, instanceId, values, index == null ? null : number(index)));
      }
    }

    /** An _index as written: spreadsheets may write 12 as 12.0. */
    static String number(String index) {
      return index.strip().replaceFirst("\\.0+$", "");
    }

    /** The value, with integers checked (spreadsheets write 12 as 12.0); null when refused. */
    String whole(long number, String column, FormField f, String value) {
      if ("int".equals(f.dataType()) && !value.matches("-?\\d{1,9}")) {
        if (value.matches("-?\\d{1,9}\\.0+")) return value.substring(0, value.indexOf('.'));
        error(number, column, value, "not a whole number (field " + f.name() + ")");
        return null;
      }
      return value;
    }

    /**
     * The handler of an XLSX sheet after the first: a repeat group's answers, or null (skipped).
     */
    TabularRowHandler repeatSheet(String sheet) {
      for (FormField f : formFields) {
        if (!"repeat".equals(f.type()) || f.repeat() != null) continue;
        String name = f.name();
        boolean named =
            name.equalsIgnoreCase(sheet)
                || (sheet.length() == 31
                    && name.toLowerCase(Locale.ROOT).startsWith(sheet.toLowerCase(Locale.ROOT)));
        if (named) {
          RepeatSheet repeat = new RepeatSheet(f, sheet).of(this);
          repeats.add(repeat);
          return repeat;
        }
      }
      ignored.add("sheet " + sheet);
      return null;
    }

    /** Attaches the repeats' answers to their submissions and writes each instance. */
    Rows finish() {
      Map<String, ReadRow> byIndex = new HashMap<>();
      Map<String, ReadRow> byId = new HashMap<>();
      for (ReadRow row : read) {
        if (row.index() != null) byIndex.put(row.index(), row);
        byId.put(row.instanceId(), row);
        byId.put(row.instanceId().replaceFirst("^uuid:", ""), row);
      }
      for (RepeatSheet repeat : repeats) {
        for (RepeatAnswer answer : repeat.answers) {
          ReadRow parent =
              answer.parentIsIndex() ? byIndex.get(answer.parent()) : byId.get(answer.parent());
          if (parent == null) {
            error(
                answer.row(),
                repeat.sheet + "!" + answer.parentColumn(),
                answer.parent(),
                "no submission on the first sheet has this "
                    + (answer.parentIsIndex() ? "_index" : "ID"));
            continue;
          }
          parent
              .repeats()
              .computeIfAbsent(repeat.field.path(), k -> new ArrayList<>())
              .add(answer.values());
        }
      }
      for (ReadRow row : read) {
        rows.add(new Row(row.number(), row.instanceId(), instance(row)));
      }
      return this;
    }

    private byte[] instance(ReadRow row) {
      String instanceId = row.instanceId();
      Map<String, String> values = row.values();
      StringBuilder xml = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>");
      Element root = new Element("data");
      for (FormField f : formFields) {
        if ("repeat".equals(f.type()) && f.repeat() == null) {
          Element repeat = root.at(f.path());
          repeat.path = f.path();
          repeat.answers = row.repeats().getOrDefault(f.path(), List.of());
          repeat.fields =
              formFields.stream()
                  .filter(c -> f.path().equals(c.repeat()) && c.dataType() != null)
                  .map(FormField::path)
                  .toList();
          continue;
        }
        if (f.dataType() == null || f.repeat() != null || "meta".equals(f.type())) continue;
        root.at(f.path()).text = values.getOrDefault(f.path(), "");
      }
      root.at("/data/meta/instanceID").text = instanceId;
      xml.append("<data id=\"")
          .append(escape(version.formId()))
          .append("\" version=\"")
          .append(escape(version.version()))
          .append("\">");
      root.children.values().forEach(c -> c.write(xml));
      xml.append("</data>");
      return xml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** A submission row as read, before its repeats' answers are attached. */
  private record ReadRow(
      long number,
      String instanceId,
      Map<String, String> values,
      String index,
      Map<String, List<Map<String, String>>> repeats) {
    ReadRow(long number, String instanceId, Map<String, String> values, String index) {
      this(number, instanceId, values, index, new HashMap<>());
    }
  }

  /** One answer of a repeat: the submission it belongs to and its values by field path. */
  private record RepeatAnswer(
      long row,
      String parent,
      boolean parentIsIndex,
      String parentColumn,
      Map<String, String> values) {}

  /** The rows of a repeat's sheet in a Kobo XLSX export. */
  private static final class RepeatSheet implements TabularRowHandler {
    final FormField field;
    final String sheet;
    final List<RepeatAnswer> answers = new ArrayList<>();
    private final Map<String, FormField> byHeader = new HashMap<>();
    private FormField[] columns;
    private String[] header;
    private int parent = -1;
    private boolean parentIsIndex;
    private Rows rows;

    RepeatSheet(FormField field, String sheet) {
      this.field = field;
      this.sheet = sheet;
    }

    RepeatSheet of(Rows rows) {
      this.rows = rows;
      for (FormField f : rows.formFields) {
        if (!field.path().equals(f.repeat()) || f.dataType() == null) continue;
        byHeader.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
        String relative = f.path().substring("/data/".length()).toLowerCase(Locale.ROOT);
        byHeader.put(relative, f);
        byHeader.put(relative.replace('/', '-'), f);
      }
      return this;
    }

    @Override
    public void row(long number, String[] cells) {
      if (header == null) {
        header = cells;
        columns = new FormField[cells.length];
        for (int i = 0; i < cells.length; i++) {
          String h = cells[i].strip().toLowerCase(Locale.ROOT);
          if (h.equals("_parent_index")) {
            parent = i;
            parentIsIndex = true;
          } else if (parent < 0 && (h.equals("_submission__uuid") || h.equals("parent_key"))) {
            parent = i;
          }
          FormField f = byHeader.get(h);
          if (f == null) {
            int slash = Math.max(h.lastIndexOf('/'), h.lastIndexOf('-'));
            if (slash >= 0) f = byHeader.get(h.substring(slash + 1));
          }
          columns[i] = f;
        }
        if (parent < 0) {
          rows.error(
              number,
              sheet,
              null,
              "the sheet of repeat "
                  + field.name()
                  + " has no _parent_index or _submission__uuid column to find its submission");
        }
        return;
      }
      if (parent < 0 || java.util.Arrays.stream(cells).allMatch(String::isBlank)) return;
      String ref = parent < cells.length ? cells[parent].strip() : "";
      if (parentIsIndex) ref = Rows.number(ref);
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < columns.length && i < cells.length; i++) {
        FormField f = columns[i];
        if (f == null || cells[i].isBlank()) continue;
        String value = rows.whole(number, sheet + "!" + header[i], f, cells[i].strip());
        if (value != null) values.put(f.path(), value);
      }
      answers.add(new RepeatAnswer(number, ref, parentIsIndex, header[parent], values));
    }
  }

  /** A tiny element tree, in form order, to write an instance. */
  private static final class Element {
    final String name;
    final Map<String, Element> children = new LinkedHashMap<>();
    String text;

    /**
     * For a repeat: its path, its answers (values by absolute path) and the paths of its fields, in
     * form order.
     */
    String path;

    List<Map<String, String>> answers;
    List<String> fields;

    Element(String name) {
      this.name = name;
    }

    Element at(String path) {
      String[] parts = path.split("/");
      Element e = this;
      for (int i = 2; i < parts.length; i++) {
        e = e.children.computeIfAbsent(parts[i], Element::new);
      }
      return e;
    }

    void write(StringBuilder xml) {
      if (answers != null) {
        // one element per answer, its fields placed below it by their paths
        for (Map<String, String> answer : answers) {
          Element copy = new Element(name);
          for (String field : fields) {
            Element e = copy;
            for (String part : field.substring(path.length()).split("/")) {
              if (!part.isEmpty()) e = e.children.computeIfAbsent(part, Element::new);
            }
            e.text = answer.getOrDefault(field, "");
          }
          copy.write(xml);
        }
        return;
      }
      xml.append('<').append(name).append('>');
      if (text != null) xml.append(escape(text));
      children.values().forEach(c -> c.write(xml));
      xml.append("</").append(name).append('>');
    }
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
