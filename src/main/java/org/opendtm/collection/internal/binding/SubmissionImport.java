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
    TabularReader.read(file, format, rows);
    return store(operation, formId, version, rows, user);
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
    return store(operation, formId, version, rows, user);
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
          if (i == idIndex) continue;
          FormField f = byHeader.get(cells[i].strip().toLowerCase(Locale.ROOT));
          if (f == null) {
            String h = cells[i].strip();
            int slash = Math.max(h.lastIndexOf('/'), h.lastIndexOf('-'));
            // a header like "group/field" whose groups differ: the field name decides
            if (slash >= 0) f = byHeader.get(h.substring(slash + 1).toLowerCase(Locale.ROOT));
          }
          columns[i] = f;
          if (f == null && !cells[i].isBlank()) ignored.add(cells[i]);
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
        String value = cells[i].strip();
        if ("int".equals(f.dataType()) && !value.matches("-?\\d{1,9}")) {
          // spreadsheets write whole numbers as 12.0
          if (value.matches("-?\\d{1,9}\\.0+")) {
            value = value.substring(0, value.indexOf('.'));
          } else {
            error(number, header[i], value, "not a whole number (field " + f.name() + ")");
            ok = false;
            continue;
          }
        }
        values.put(f.path(), value);
      }
      if (ok) rows.add(new Row(number, instanceId, instance(instanceId, values)));
    }

    private byte[] instance(String instanceId, Map<String, String> values) {
      StringBuilder xml = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>");
      Element root = new Element("data");
      for (FormField f : formFields) {
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

  /** A tiny element tree, in form order, to write an instance. */
  private static final class Element {
    final String name;
    final Map<String, Element> children = new LinkedHashMap<>();
    String text;

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
