package org.opendtm.collection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.opendtm.collection.internal.FormBindings;
import org.opendtm.collection.internal.FormFields;
import org.opendtm.collection.internal.FormVersions;
import org.opendtm.collection.internal.FormVersions.FormRow;
import org.opendtm.collection.internal.FormVersions.FormVersion;
import org.opendtm.collection.internal.FormVersions.XlsFormFile;
import org.opendtm.collection.internal.xlsform.XlsFormConverter;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The forms of each operation: XLSForm uploads converted to XForms and checked by JavaRosa, their
 * versions (each with its own list of fields), opening and closing, and the binding of a form's
 * fields to places and population figures.
 */
@Service
public class FormManagement {

  /** Larger than any real XLSForm (a few hundred kB with long choice lists). */
  public static final long MAX_XLSFORM_BYTES = 10L * 1024 * 1024;

  private static final DateTimeFormatter GENERATED_VERSION =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final FormVersions versions;
  private final FormFields fields;
  private final FormBindings bindings;
  private final GeographyManagement geography;
  private final ObjectMapper json;
  private final Clock clock;

  FormManagement(
      FormVersions versions,
      FormFields fields,
      FormBindings bindings,
      GeographyManagement geography,
      ObjectMapper json,
      Clock clock) {
    this.versions = versions;
    this.fields = fields;
    this.bindings = bindings;
    this.geography = geography;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Converts an uploaded XLSForm and stores it as a new version of its form (the form is created on
   * its first upload). The version is {@code settings.version}, or the upload time (yyyyMMddHHmmss,
   * UTC) when the form has none. Uploading a stored version again is accepted without change if it
   * gives the same XForm, and refused otherwise: a version, once phones may have it, never changes.
   *
   * @throws OpenDtmException {@link CollectionErrorCode#INVALID_XLSFORM} with every error found,
   *     {@link CollectionErrorCode#FORM_VERSION_EXISTS} for a changed form under a stored version
   */
  @Transactional
  public FormUpload upload(String operation, String fileName, Path file, String user) {
    geography.getOperation(operation);
    String name = fileName == null ? "form.xlsx" : Path.of(fileName).getFileName().toString();
    if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")) {
      throw new OpenDtmException(
          PlatformErrorCode.UNSUPPORTED_FORMAT,
          "An XLSForm is uploaded as an .xlsx workbook (got " + name + ")");
    }
    byte[] content;
    try {
      if (Files.size(file) > MAX_XLSFORM_BYTES) {
        throw new OpenDtmException(
            PlatformErrorCode.FILE_TOO_LARGE,
            "An XLSForm may be at most " + MAX_XLSFORM_BYTES / (1024 * 1024) + " MB");
      }
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE, "The upload could not be read: " + e.getMessage());
    }
    var form = XlsFormConverter.convert(file, name, GENERATED_VERSION.format(clock.instant()));
    var existing = versions.version(operation, form.formId(), form.version());
    if (existing.isPresent()) {
      if (existing.get().xform().equals(form.xform())) {
        return new FormUpload(
            false, info(existing.get()), fields.listOf(existing.get().id()).size(), List.of());
      }
      throw versionExists(form.formId(), form.version());
    }
    List<FormField> previous =
        versions.latest(operation, form.formId()).map(v -> fields.listOf(v.id())).orElse(List.of());
    FormVersion stored;
    try {
      stored =
          versions.add(
              operation,
              form.formId(),
              form.version(),
              form.title(),
              form.xform(),
              content,
              name,
              user);
    } catch (DuplicateKeyException e) {
      // the same version uploaded at the same moment by someone else
      throw versionExists(form.formId(), form.version());
    }
    fields.add(stored.id(), form.fields());
    return new FormUpload(
        true, info(stored), form.fields().size(), changes(previous, form.fields()));
  }

  /** Fields matched by name (unique in a form) between two versions. */
  static List<FieldChange> changes(List<FormField> before, List<FormField> after) {
    if (before.isEmpty()) return List.of();
    Map<String, FormField> old =
        before.stream().collect(Collectors.toMap(FormField::name, Function.identity()));
    Map<String, FormField> now =
        after.stream().collect(Collectors.toMap(FormField::name, Function.identity()));
    List<FieldChange> changes = new ArrayList<>();
    for (FormField field : after) {
      FormField earlier = old.get(field.name());
      if (earlier == null) {
        changes.add(new FieldChange(field.name(), FieldChange.Kind.ADDED, null, field));
      } else if (!java.util.Objects.equals(earlier.type(), field.type())
          || !java.util.Objects.equals(earlier.dataType(), field.dataType())
          || !java.util.Objects.equals(earlier.choiceList(), field.choiceList())) {
        changes.add(new FieldChange(field.name(), FieldChange.Kind.RETYPED, earlier, field));
      } else if (!earlier.path().equals(field.path())) {
        changes.add(new FieldChange(field.name(), FieldChange.Kind.MOVED, earlier, field));
      }
    }
    for (FormField field : before) {
      if (!now.containsKey(field.name())) {
        changes.add(new FieldChange(field.name(), FieldChange.Kind.REMOVED, field, null));
      }
    }
    return changes;
  }

  private static OpenDtmException versionExists(String formId, String version) {
    return new OpenDtmException(
        CollectionErrorCode.FORM_VERSION_EXISTS,
        "Version "
            + version
            + " of form "
            + formId
            + " is already stored with different content; phones may have it, so it cannot"
            + " change: give the form a new version in settings.version (or leave it blank for a"
            + " generated one)",
        List.of(InputError.field("settings.version", "version " + version + " exists")));
  }

  /** The operation's forms, by form id. */
  public List<FormSummary> listForms(String operation) {
    geography.getOperation(operation);
    return versions.forms(operation).stream().map(FormManagement::summary).toList();
  }

  /** One form with all its versions, newest first. */
  public FormDetails getForm(String operation, String formId) {
    FormRow form = form(operation, formId);
    return new FormDetails(
        summary(form), versions.versions(operation, formId).stream().map(this::info).toList());
  }

  /** The XForm of a version, as served to phones. */
  public String xform(String operation, String formId, String version) {
    return version(operation, formId, version).xform();
  }

  /** The XLSForm workbook a version was made from. */
  public XlsFormFile xlsform(String operation, String formId, String version) {
    return versions
        .xlsform(version(operation, formId, version).id())
        .orElseThrow(() -> versionNotFound(formId, version));
  }

  /** The fields of a version in form order: the ones its submissions hold. */
  public List<FormField> fields(String operation, String formId, String version) {
    return fields.listOf(version(operation, formId, version).id());
  }

  /** Closes a form: no longer offered to phones, submissions to it refused. */
  @Transactional
  public FormSummary close(String operation, String formId) {
    return setState(operation, formId, FormState.CLOSED);
  }

  /** Opens a closed form again. */
  @Transactional
  public FormSummary open(String operation, String formId) {
    return setState(operation, formId, FormState.OPEN);
  }

  private FormSummary setState(String operation, String formId, FormState state) {
    form(operation, formId);
    versions.setState(operation, formId, state.name());
    return summary(form(operation, formId));
  }

  /** The form's binding to places and figures. */
  public FormBinding binding(String operation, String formId) {
    FormRow form = form(operation, formId);
    return bindings
        .findJson(form.formRef())
        .map(this::readBinding)
        .orElseThrow(
            () ->
                new NotFoundException(
                    CollectionErrorCode.BINDING_NOT_FOUND,
                    "Form " + formId + " has no binding yet"));
  }

  /**
   * Stores the form's binding after checking it against the fields of the form's newest version.
   *
   * @throws OpenDtmException {@link CollectionErrorCode#INVALID_BINDING} naming every unknown or
   *     unsuitable field
   */
  @Transactional
  public FormBinding bind(String operation, String formId, FormBinding binding, String user) {
    FormRow form = form(operation, formId);
    var latest = versions.latest(operation, formId).orElseThrow();
    Map<String, FormField> byName =
        fields.listOf(latest.id()).stream()
            .collect(Collectors.toMap(FormField::name, Function.identity()));
    int bands = geography.getOperation(operation).sexAgeBands().size();
    List<InputError> errors = new BindingCheck(byName, bands).check(binding);
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          CollectionErrorCode.INVALID_BINDING,
          "The binding does not fit version "
              + latest.version()
              + " of form "
              + formId
              + ": "
              + errors.stream().map(InputError::toString).collect(Collectors.joining("; ")),
          errors);
    }
    try {
      bindings.put(form.formRef(), json.writeValueAsString(binding), user);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return binding;
  }

  private FormBinding readBinding(String text) {
    try {
      return json.readValue(text, FormBinding.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A stored binding is unreadable", e);
    }
  }

  private FormRow form(String operation, String formId) {
    geography.getOperation(operation);
    return versions
        .form(operation, formId)
        .orElseThrow(
            () ->
                new NotFoundException(
                    CollectionErrorCode.FORM_NOT_FOUND,
                    "Operation " + operation + " has no form " + formId));
  }

  private FormVersion version(String operation, String formId, String version) {
    form(operation, formId);
    return versions
        .version(operation, formId, version)
        .orElseThrow(() -> versionNotFound(formId, version));
  }

  private static NotFoundException versionNotFound(String formId, String version) {
    return new NotFoundException(
        CollectionErrorCode.FORM_VERSION_NOT_FOUND,
        "Form " + formId + " has no version " + version);
  }

  private static FormSummary summary(FormRow row) {
    return new FormSummary(
        row.formId(),
        row.title(),
        FormState.valueOf(row.state()),
        row.latestVersion(),
        row.versions(),
        row.updatedAt());
  }

  private FormVersionInfo info(FormVersion version) {
    var upload = versions.upload(version.id());
    return new FormVersionInfo(
        version.formId(),
        version.version(),
        version.title(),
        version.md5(),
        upload.xlsformName(),
        upload.createdBy(),
        version.createdAt());
  }

  /** The checks of a binding against a version's fields, collecting every error. */
  private static final class BindingCheck {
    private static final Set<String> COUNT_TYPES =
        Set.of("integer", "decimal", "calculate", "hidden");
    private static final Set<String> CODE_TYPES =
        Set.of("text", "select_one", "calculate", "hidden", "barcode");

    private final Map<String, FormField> byName;
    private final int bands;
    private final List<InputError> errors = new ArrayList<>();

    /** The path of the repeat the figure being checked is read from, or null. */
    private String repeat;

    BindingCheck(Map<String, FormField> byName, int bands) {
      this.byName = byName;
      this.bands = bands;
    }

    List<InputError> check(FormBinding binding) {
      if (binding.placeKind() == null) {
        errors.add(
            InputError.field(
                "placeKind",
                "say what the place field holds: PCODE," + " LOCATION_CODE or GEOPOINT"));
      }
      if (binding.placeField() == null || binding.placeField().isBlank()) {
        errors.add(InputError.field("placeField", "name the field that gives the place"));
      } else if (binding.placeKind() == FormBinding.PlaceKind.GEOPOINT) {
        field("placeField", binding.placeField(), Set.of("geopoint"));
      } else {
        field("placeField", binding.placeField(), CODE_TYPES);
      }
      if ((binding.assessmentType() == null) == (binding.assessmentTypeField() == null)) {
        errors.add(
            InputError.field(
                "assessmentType",
                "give either the assessment type (BA, SA,"
                    + " ETT) or the field that holds it, not both"));
      }
      if (binding.assessmentTypeField() != null) {
        field("assessmentTypeField", binding.assessmentTypeField(), CODE_TYPES);
      }
      if (binding.figures() == null || binding.figures().isEmpty()) {
        errors.add(InputError.field("figures", "bind at least one population figure"));
        return errors;
      }
      for (int i = 0; i < binding.figures().size(); i++) {
        FormBinding.Figure figure = binding.figures().get(i);
        String at = "figures[" + i + "].";
        if (figure == null) {
          errors.add(InputError.field("figures[" + i + "]", "empty figure"));
          continue;
        }
        String repeat = null;
        if (figure.repeat() != null) {
          FormField group = byName.get(figure.repeat());
          if (group == null || !"repeat".equals(group.type())) {
            errors.add(
                new InputError(
                    null,
                    at + "repeat",
                    figure.repeat(),
                    "the form has no repeat group named '" + figure.repeat() + "'"));
          } else {
            repeat = group.path();
          }
        }
        this.repeat = repeat;
        if (figure.originField() != null) {
          field(at + "originField", figure.originField(), CODE_TYPES);
        }
        if (figure.group() == null) {
          errors.add(
              InputError.field(
                  at + "group", "name the population group (IDP, RETURNEE," + " MIGRANT, HOST)"));
        }
        if (figure.reason() != null && figure.reasonField() != null) {
          errors.add(InputError.field(at + "reason", "give a reason or a reason field, not both"));
        }
        if (figure.reasonField() != null) {
          field(
              at + "reasonField",
              figure.reasonField(),
              Set.of("select_one", "text", "calculate", "hidden"));
        }
        boolean anyCount = false;
        for (var count :
            List.of(
                Map.entry("householdsField", nullToEmpty(figure.householdsField())),
                Map.entry("individualsField", nullToEmpty(figure.individualsField())),
                Map.entry("malesField", nullToEmpty(figure.malesField())),
                Map.entry("femalesField", nullToEmpty(figure.femalesField())))) {
          if (count.getValue().isEmpty()) continue;
          anyCount = true;
          field(at + count.getKey(), count.getValue(), COUNT_TYPES);
        }
        if (figure.sexAgeFields() != null) {
          anyCount = true;
          if (figure.sexAgeFields().size() != bands * 2) {
            errors.add(
                InputError.field(
                    at + "sexAgeFields",
                    "the operation has "
                        + bands
                        + " sex-and-age bands: give "
                        + bands * 2
                        + " fields, female bands first then"
                        + " male bands (got "
                        + figure.sexAgeFields().size()
                        + ")"));
          }
          for (int b = 0; b < figure.sexAgeFields().size(); b++) {
            field(at + "sexAgeFields[" + b + "]", figure.sexAgeFields().get(b), COUNT_TYPES);
          }
        }
        if (!anyCount) {
          errors.add(InputError.field(at + "individualsField", "bind at least one count field"));
        }
        this.repeat = null;
      }
      return errors;
    }

    private static String nullToEmpty(String text) {
      return text == null ? "" : text;
    }

    private void field(String property, String name, Set<String> types) {
      FormField field = name == null ? null : byName.get(name);
      if (field == null) {
        errors.add(
            new InputError(null, property, name, "the form has no field named '" + name + "'"));
        return;
      }
      if (field.repeat() != null && !field.repeat().equals(repeat)) {
        errors.add(
            new InputError(
                null,
                property,
                name,
                "'"
                    + name
                    + "' is inside the repeat "
                    + field.repeat()
                    + ", which gives many answers per submission; bind it in a figure whose"
                    + " repeat is that group"));
        return;
      }
      if (!types.contains(field.type())) {
        errors.add(
            new InputError(
                null,
                property,
                name,
                "'"
                    + name
                    + "' is a "
                    + field.type()
                    + " field; expected "
                    + String.join(" or ", new java.util.TreeSet<>(types))));
      }
    }
  }
}
