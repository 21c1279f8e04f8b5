package org.opendtm.collection.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opendtm.access.AccessErrorCode;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.collection.internal.FormVersions;
import org.opendtm.collection.internal.FormVersions.FormVersion;
import org.opendtm.collection.internal.SubmissionErrorCode;
import org.opendtm.collection.internal.openrosa.OpenRosaProperties;
import org.opendtm.collection.internal.openrosa.OpenRosaResponses;
import org.opendtm.collection.internal.openrosa.SubmissionIntake;
import org.opendtm.collection.internal.openrosa.SubmissionIntake.Attachment;
import org.opendtm.collection.internal.openrosa.SubmissionIntake.Outcome;
import org.opendtm.collection.internal.openrosa.SubmissionIntake.Receipt;
import org.opendtm.platform.OpenDtmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The OpenRosa server ODK Collect, KoboCollect and Enketo talk to: form list, form download, media
 * manifest, submission. Server URL {@code /openrosa/{operation}} (Digest or Basic over HTTPS) or
 * {@code /openrosa/{operation}/key/{token}} (token URL). Every answer, errors included, is OpenRosa
 * XML whose first message tells the enumerator what to do.
 */
@RestController
class OpenRosaController {

  private static final Logger log = LoggerFactory.getLogger(OpenRosaController.class);
  private static final String XML = OpenRosaResponses.XML_CONTENT_TYPE;

  private final FormVersions forms;
  private final SubmissionIntake intake;
  private final AccessPolicy access;
  private final OpenRosaProperties properties;

  OpenRosaController(
      FormVersions forms,
      SubmissionIntake intake,
      AccessPolicy access,
      OpenRosaProperties properties) {
    this.forms = forms;
    this.intake = intake;
    this.access = access;
    this.properties = properties;
  }

  @GetMapping({"/openrosa/{operation}/formList", "/openrosa/{operation}/key/{token}/formList"})
  @Allow(Right.SUBMIT_FORMS)
  ResponseEntity<String> formList(
      @PathVariable String operation,
      @PathVariable(required = false) String token,
      @RequestParam(name = "formID", required = false) String formId,
      HttpServletRequest request) {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">\n");
    String base = base(request, operation, token);
    for (FormVersion form : forms.latestOfOperation(operation)) {
      if (!"OPEN".equals(form.state())) continue;
      if (formId != null && !formId.equals(form.formId())) continue;
      String formUrl = base + "/forms/" + URLEncoder.encode(form.formId(), StandardCharsets.UTF_8);
      xml.append("  <xform>\n")
          .append(element("formID", form.formId()))
          .append(element("name", form.title()))
          .append(element("version", form.version()))
          .append(element("hash", "md5:" + form.md5()))
          .append(element("downloadUrl", formUrl + "/form.xml"))
          .append(element("manifestUrl", formUrl + "/manifest"))
          .append("  </xform>\n");
    }
    xml.append("</xforms>\n");
    return xml(HttpStatus.OK, xml.toString());
  }

  @GetMapping({
    "/openrosa/{operation}/forms/{formId}/form.xml",
    "/openrosa/{operation}/key/{token}/forms/{formId}/form.xml"
  })
  @Allow(Right.SUBMIT_FORMS)
  ResponseEntity<String> form(@PathVariable String operation, @PathVariable String formId) {
    return xml(HttpStatus.OK, openForm(operation, formId).xform());
  }

  @GetMapping({
    "/openrosa/{operation}/forms/{formId}/manifest",
    "/openrosa/{operation}/key/{token}/forms/{formId}/manifest"
  })
  @Allow(Right.SUBMIT_FORMS)
  ResponseEntity<String> manifest(@PathVariable String operation, @PathVariable String formId) {
    openForm(operation, formId);
    // forms carry no media files yet: the manifest is empty, which Collect accepts
    return xml(
        HttpStatus.OK,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<manifest xmlns=\"http://openrosa.org/xforms/xformsManifest\"/>\n");
  }

  /** Collect asks before posting; it reads the headers only on a 204. */
  @RequestMapping(
      value = {"/openrosa/{operation}/submission", "/openrosa/{operation}/key/{token}/submission"},
      method = RequestMethod.HEAD)
  @Allow(Right.SUBMIT_FORMS)
  ResponseEntity<Void> submissionHead(@PathVariable String operation) {
    return ResponseEntity.noContent()
        .header(OpenRosaResponses.VERSION_HEADER, "1.0")
        .header(
            OpenRosaResponses.ACCEPT_LENGTH_HEADER, Long.toString(properties.maxSubmissionBytes()))
        .build();
  }

  @PostMapping({"/openrosa/{operation}/submission", "/openrosa/{operation}/key/{token}/submission"})
  @Allow(Right.SUBMIT_FORMS)
  ResponseEntity<String> submit(
      @PathVariable String operation,
      @RequestParam(name = "deviceID", required = false) String deviceId,
      HttpServletRequest request)
      throws IOException {
    if (!(request instanceof MultipartHttpServletRequest multipart)) {
      throw malformed(
          "The submission must be sent as multipart/form-data with an xml_submission_file part.");
    }
    MultipartFile xmlPart = multipart.getFile("xml_submission_file");
    byte[] xml;
    if (xmlPart != null) {
      xml = xmlPart.getBytes();
    } else if (multipart.getParameter("xml_submission_file") != null) {
      xml = multipart.getParameter("xml_submission_file").getBytes(StandardCharsets.UTF_8);
    } else {
      throw malformed(
          "The submission has no xml_submission_file part. Send it again from Collect.");
    }
    List<Attachment> attachments = new ArrayList<>();
    for (Map.Entry<String, List<MultipartFile>> entry : multipart.getMultiFileMap().entrySet()) {
      if (entry.getKey().equals("xml_submission_file")) continue;
      for (MultipartFile file : entry.getValue()) {
        String name =
            file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                ? entry.getKey()
                : file.getOriginalFilename();
        // a file name is a name, never a path
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        if (name.isBlank() || name.length() > 255) {
          throw malformed("An attachment has no usable file name.");
        }
        attachments.add(
            new Attachment(
                name,
                file.getContentType() == null ? "application/octet-stream" : file.getContentType(),
                file.getBytes()));
      }
    }
    Receipt receipt = intake.receive(operation, access.currentUser(), deviceId, xml, attachments);
    boolean created = receipt.outcome() == Outcome.CREATED;
    String message =
        created
            ? "Thank you: submission " + receipt.instanceId() + " is received and stored."
            : "Submission "
                + receipt.instanceId()
                + " was already received"
                + (receipt.attachmentsAdded() > 0
                    ? "; " + receipt.attachmentsAdded() + " attachment(s) added."
                    : ".");
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
        .header(OpenRosaResponses.VERSION_HEADER, "1.0")
        .header(HttpHeaders.CONTENT_TYPE, XML)
        .body(
            OpenRosaResponses.message(message).replace("nature=\"\"", "nature=\"submit_success\""));
  }

  /**
   * Any other path under an operation's server URL: an OpenRosa 404 that Collect can show (a JSON
   * problem would reach the enumerator as "unexpected response"). The most general pattern, so
   * Spring MVC picks it only when no endpoint above matches.
   */
  @RequestMapping("/openrosa/{operation}/**")
  @Allow(Right.SUBMIT_FORMS)
  ResponseEntity<String> unknownPath(@PathVariable String operation, HttpServletRequest request) {
    return xml(
        HttpStatus.NOT_FOUND,
        OpenRosaResponses.message(
            "Nothing at "
                + request.getRequestURI()
                + ". The server URL in Collect's settings must be …/openrosa/"
                + operation
                + " (or the key URL you were given), with nothing after it."));
  }

  // ------------------------------------------------------------------ errors as OpenRosa XML

  @ExceptionHandler(OpenDtmException.class)
  ResponseEntity<String> failed(OpenDtmException e, HttpServletRequest request) {
    String message = e.getMessage();
    if (e.code() == AccessErrorCode.NOT_ALLOWED) {
      message =
          "Your account may not use forms of operation "
              + operation(request)
              + ". Check the server URL in Collect's settings (it names the operation) or ask"
              + " your supervisor.";
    }
    return xml(e.code().status(), OpenRosaResponses.message(message));
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<String> tooLarge(MaxUploadSizeExceededException e) {
    return xml(
        HttpStatus.PAYLOAD_TOO_LARGE,
        OpenRosaResponses.message("The submission is too large. Take smaller photos."));
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<String> badMultipart(MultipartException e) {
    return xml(
        HttpStatus.BAD_REQUEST,
        OpenRosaResponses.message(
            "The submission could not be read (broken multipart body). Send it again."));
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<String> unexpected(RuntimeException e) {
    if (e instanceof AuthenticationException || e instanceof AccessDeniedException) throw e;
    log.error("OpenRosa request failed", e);
    return xml(
        HttpStatus.INTERNAL_SERVER_ERROR,
        OpenRosaResponses.message(
            "The server failed and did NOT store this. Keep the form on your device and send it"
                + " again later."));
  }

  private FormVersion openForm(String operation, String formId) {
    return forms
        .latest(operation, formId)
        .filter(form -> "OPEN".equals(form.state()))
        .orElseThrow(
            () ->
                new OpenDtmException(
                    SubmissionErrorCode.OPENROSA_FORM_NOT_FOUND,
                    "The form "
                        + formId
                        + " is not offered by operation "
                        + operation
                        + " (unknown or closed). Refresh the form list (Get Blank Form)."));
  }

  private static OpenDtmException malformed(String message) {
    return new OpenDtmException(SubmissionErrorCode.SUBMISSION_MALFORMED, message);
  }

  private static String operation(HttpServletRequest request) {
    String[] parts = request.getRequestURI().split("/");
    return parts.length > 2 ? parts[2] : "";
  }

  private static String base(HttpServletRequest request, String operation, String token) {
    return ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
        + "/openrosa/"
        + URLEncoder.encode(operation, StandardCharsets.UTF_8)
        + (token == null ? "" : "/key/" + token);
  }

  private static String element(String name, String value) {
    return "    <" + name + ">" + OpenRosaResponses.escape(value) + "</" + name + ">\n";
  }

  private static ResponseEntity<String> xml(HttpStatus status, String body) {
    return ResponseEntity.status(status)
        .header(OpenRosaResponses.VERSION_HEADER, "1.0")
        .header(HttpHeaders.CONTENT_TYPE, XML)
        .body(body);
  }
}
