package org.opendtm.collection.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stored forms and their versions: written by the XLSForm upload, read by the OpenRosa server
 * (form list, download) and by submissions (which version a submission belongs to).
 */
@Repository
public class FormVersions {

  /** One version of a form, with the XForm served to clients. */
  public record FormVersion(
      long id,
      long formRef,
      String operationCode,
      String formId,
      String version,
      String title,
      String xform,
      String md5,
      String state,
      OffsetDateTime createdAt) {}

  private static final String SELECT =
      """
      select v.id, v.form_ref, f.operation_code, f.form_id, v.version, v.title, v.xform, v.md5,
             f.state, v.created_at
        from collection.form_version v join collection.form f on f.id = v.form_ref
      """;

  private final JdbcClient jdbc;

  FormVersions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores a new version of a form (creating the form on its first upload) and returns it. The
   * caller runs this in its transaction; a second upload of the same version is refused by the
   * unique key (the caller checks first to give a readable error).
   */
  public FormVersion add(
      String operationCode,
      String formId,
      String version,
      String title,
      String xform,
      byte[] xlsform,
      String xlsformName,
      String createdBy) {
    long formRef =
        jdbc.sql(
                """
                insert into collection.form (operation_code, form_id, title)
                values (:op, :formId, :title)
                on conflict (operation_code, form_id) do update set title = excluded.title
                returning id
                """)
            .param("op", operationCode)
            .param("formId", formId)
            .param("title", title)
            .query(Long.class)
            .single();
    long id =
        jdbc.sql(
                """
                insert into collection.form_version
                  (form_ref, version, title, xform, md5, xlsform, xlsform_name, created_by)
                values (:formRef, :version, :title, :xform, :md5, :xlsform, :xlsformName, :by)
                returning id
                """)
            .param("formRef", formRef)
            .param("version", version)
            .param("title", title)
            .param("xform", xform)
            .param("md5", md5Hex(xform))
            .param("xlsform", xlsform)
            .param("xlsformName", xlsformName)
            .param("by", createdBy)
            .query(Long.class)
            .single();
    return byId(id).orElseThrow();
  }

  /** The newest version of every form of the operation, OPEN ones first, by form id. */
  public List<FormVersion> latestOfOperation(String operationCode) {
    return jdbc.sql(
            SELECT
                + """
                 where f.operation_code = :op
                   and v.id = (select max(id) from collection.form_version where form_ref = f.id)
                 order by f.state desc, f.form_id
                """)
        .param("op", operationCode)
        .query(FormVersion.class)
        .list();
  }

  /** The newest version of one form. */
  public Optional<FormVersion> latest(String operationCode, String formId) {
    return jdbc.sql(
            SELECT
                + """
                 where f.operation_code = :op and f.form_id = :formId
                 order by v.id desc limit 1
                """)
        .param("op", operationCode)
        .param("formId", formId)
        .query(FormVersion.class)
        .optional();
  }

  /** A given version of one form. */
  public Optional<FormVersion> version(String operationCode, String formId, String version) {
    return jdbc.sql(
            SELECT
                + " where f.operation_code = :op and f.form_id = :formId and v.version = :version")
        .param("op", operationCode)
        .param("formId", formId)
        .param("version", version)
        .query(FormVersion.class)
        .optional();
  }

  /** All versions of one form, newest first. */
  public List<FormVersion> versions(String operationCode, String formId) {
    return jdbc.sql(
            SELECT + " where f.operation_code = :op and f.form_id = :formId order by v.id desc")
        .param("op", operationCode)
        .param("formId", formId)
        .query(FormVersion.class)
        .list();
  }

  public Optional<FormVersion> byId(long id) {
    return jdbc.sql(SELECT + " where v.id = :id")
        .param("id", id)
        .query(FormVersion.class)
        .optional();
  }

  /** A form of an operation with its newest version and how many versions it has. */
  public record FormRow(
      long formRef,
      String formId,
      String title,
      String state,
      String latestVersion,
      int versions,
      OffsetDateTime updatedAt) {}

  private static final String FORM_ROWS =
      """
      select f.id as form_ref, f.form_id, f.title, f.state, v.version as latest_version,
             (select count(*) from collection.form_version c where c.form_ref = f.id) as versions,
             v.created_at as updated_at
        from collection.form f
        join collection.form_version v
          on v.id = (select max(id) from collection.form_version where form_ref = f.id)
       where f.operation_code = :op
      """;

  /** Every form of the operation, by form id. */
  public List<FormRow> forms(String operationCode) {
    return jdbc.sql(FORM_ROWS + " order by f.form_id")
        .param("op", operationCode)
        .query(FormRow.class)
        .list();
  }

  public Optional<FormRow> form(String operationCode, String formId) {
    return jdbc.sql(FORM_ROWS + " and f.form_id = :formId")
        .param("op", operationCode)
        .param("formId", formId)
        .query(FormRow.class)
        .optional();
  }

  /** Opens or closes a form; false when the operation has no such form. */
  public boolean setState(String operationCode, String formId, String state) {
    return jdbc.sql(
                """
                update collection.form set state = :state
                 where operation_code = :op and form_id = :formId
                """)
            .param("state", state)
            .param("op", operationCode)
            .param("formId", formId)
            .update()
        == 1;
  }

  /** The uploaded workbook of a version, with its file name. */
  public record XlsFormFile(String name, byte[] content) {}

  public Optional<XlsFormFile> xlsform(long versionId) {
    return jdbc.sql(
            """
            select coalesce(xlsform_name, 'form.xlsx') as name, xlsform as content
              from collection.form_version where id = :id and xlsform is not null
            """)
        .param("id", versionId)
        .query(XlsFormFile.class)
        .optional();
  }

  /** Who uploaded a version, and its workbook's name (not part of {@link FormVersion}). */
  public record Upload(String createdBy, String xlsformName) {}

  public Upload upload(long versionId) {
    return jdbc.sql("select created_by, xlsform_name from collection.form_version where id = :id")
        .param("id", versionId)
        .query(Upload.class)
        .single();
  }

  /** Hex MD5 of the XForm's UTF-8 bytes, as OpenRosa's form list hash ("md5:" + this). */
  public static String md5Hex(String xform) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(xform.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is always available", e);
    }
  }
}
