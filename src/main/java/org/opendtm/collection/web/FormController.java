package org.opendtm.collection.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.collection.FormBinding;
import org.opendtm.collection.FormDetails;
import org.opendtm.collection.FormField;
import org.opendtm.collection.FormManagement;
import org.opendtm.collection.FormSummary;
import org.opendtm.collection.FormUpload;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.web.Uploads;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** XLSForm uploads, form versions with their XForms and fields, form states and bindings. */
@RestController
@RequestMapping("/api/v1/operations/{operation}/forms")
class FormController {

  private static final MediaType XLSX =
      MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  private final FormManagement forms;
  private final AccessPolicy access;

  FormController(FormManagement forms, AccessPolicy access) {
    this.forms = forms;
    this.access = access;
  }

  /** Uploads an XLSForm: 201 with a new version, 200 when the same version was already stored. */
  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Allow(Right.MANAGE_FORMS)
  ResponseEntity<FormUpload> upload(
      @PathVariable String operation, @RequestParam("file") MultipartFile file) {
    if (file.getSize() > FormManagement.MAX_XLSFORM_BYTES) {
      throw new OpenDtmException(
          PlatformErrorCode.FILE_TOO_LARGE,
          "An XLSForm may be at most " + FormManagement.MAX_XLSFORM_BYTES / (1024 * 1024) + " MB");
    }
    FormUpload upload =
        Uploads.withTemporaryFile(
            file,
            "xlsform",
            path ->
                forms.upload(operation, file.getOriginalFilename(), path, access.currentUser()));
    if (!upload.created()) return ResponseEntity.ok(upload);
    var version = upload.version();
    return ResponseEntity.created(
            URI.create(
                "/api/v1/operations/%s/forms/%s/versions/%s/xform"
                    .formatted(operation, version.formId(), version.version())))
        .body(upload);
  }

  @GetMapping
  @Allow(Right.READ_SUBMISSIONS)
  List<FormSummary> list(@PathVariable String operation) {
    return forms.listForms(operation);
  }

  @GetMapping("/{formId}")
  @Allow(Right.READ_SUBMISSIONS)
  FormDetails get(@PathVariable String operation, @PathVariable String formId) {
    return forms.getForm(operation, formId);
  }

  @GetMapping("/{formId}/versions/{version}/xform")
  @Allow(Right.READ_SUBMISSIONS)
  ResponseEntity<String> xform(
      @PathVariable String operation, @PathVariable String formId, @PathVariable String version) {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_XML, StandardCharsets.UTF_8))
        .body(forms.xform(operation, formId, version));
  }

  @GetMapping("/{formId}/versions/{version}/xlsform")
  @Allow(Right.READ_SUBMISSIONS)
  ResponseEntity<byte[]> xlsform(
      @PathVariable String operation, @PathVariable String formId, @PathVariable String version) {
    var file = forms.xlsform(operation, formId, version);
    return ResponseEntity.ok()
        .contentType(XLSX)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(file.name(), StandardCharsets.UTF_8)
                .build()
                .toString())
        .body(file.content());
  }

  @GetMapping("/{formId}/versions/{version}/fields")
  @Allow(Right.READ_SUBMISSIONS)
  List<FormField> fields(
      @PathVariable String operation, @PathVariable String formId, @PathVariable String version) {
    return forms.fields(operation, formId, version);
  }

  @PostMapping("/{formId}/close")
  @Allow(Right.MANAGE_FORMS)
  FormSummary close(@PathVariable String operation, @PathVariable String formId) {
    return forms.close(operation, formId);
  }

  @PostMapping("/{formId}/open")
  @Allow(Right.MANAGE_FORMS)
  FormSummary open(@PathVariable String operation, @PathVariable String formId) {
    return forms.open(operation, formId);
  }

  @GetMapping("/{formId}/binding")
  @Allow(Right.READ_SUBMISSIONS)
  FormBinding binding(@PathVariable String operation, @PathVariable String formId) {
    return forms.binding(operation, formId);
  }

  @PutMapping("/{formId}/binding")
  @Allow(Right.MANAGE_FORMS)
  FormBinding bind(
      @PathVariable String operation,
      @PathVariable String formId,
      @RequestBody FormBinding binding) {
    return forms.bind(operation, formId, binding, access.currentUser());
  }
}
