package org.opendtm.collection.internal.xlsform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.javarosa.core.model.FormDef;
import org.javarosa.core.model.instance.InstanceInitializationFactory;
import org.javarosa.core.model.instance.TreeElement;
import org.javarosa.xform.util.XFormUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendtm.collection.CollectionErrorCode;
import org.opendtm.collection.FormField;
import org.opendtm.collection.XlsForms;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.w3c.dom.Document;

class XlsFormConverterTest {

  @TempDir Path directory;

  private XlsFormConverter.ConvertedForm convert(XlsForms form) {
    return XlsFormConverter.convert(form.write(directory), "site_form.xlsx", "202411240000");
  }

  private List<InputError> errors(XlsForms form) {
    OpenDtmException e = catchThrowableOfType(OpenDtmException.class, () -> convert(form));
    assertThat(e).as("the form is refused").isNotNull();
    assertThat(e.code()).isEqualTo(CollectionErrorCode.INVALID_XLSFORM);
    return e.errors();
  }

  private static FormDef parse(String xform) throws Exception {
    return XFormUtils.getFormFromInputStream(
        new ByteArrayInputStream(xform.getBytes(StandardCharsets.UTF_8)));
  }

  private static String xpath(String xml, String expression) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    return (String)
        XPathFactory.newInstance().newXPath().evaluate(expression, document, XPathConstants.STRING);
  }

  private static TreeElement find(TreeElement element, String name) {
    if (element.getName().equals(name)) return element;
    for (int i = 0; i < element.getNumChildren(); i++) {
      TreeElement found = find(element.getChildAt(i), name);
      if (found != null) return found;
    }
    return null;
  }

  // ------------------------------------------------------------------------- the happy path

  @Test
  void theDtmBaselineFormBecomesAnXFormThatJavaRosaReadsBack() throws Exception {
    var form = convert(XlsForms.dtmBaseline());
    assertThat(form.formId()).isEqualTo("dtm_baseline");
    assertThat(form.version()).isEqualTo("2024110101");
    assertThat(form.title()).isEqualTo("DTM baseline assessment");

    FormDef parsed = parse(form.xform());
    assertThat(parsed.getTitle()).isEqualTo("DTM baseline assessment");
    TreeElement data = parsed.getMainInstance().getRoot();
    assertThat(data.getName()).isEqualTo("data");
    assertThat(data.getAttributeValue(null, "id")).isEqualTo("dtm_baseline");
    assertThat(data.getAttributeValue(null, "version")).isEqualTo("2024110101");

    // labels in both languages, English by default, answers shown in labels
    var localizer = parsed.getLocalizer();
    assertThat(localizer.getAvailableLocales()).containsExactly("English (en)", "Français (fr)");
    assertThat(localizer.getDefaultLocale()).isEqualTo("English (en)");
    localizer.setLocale("Français (fr)");
    assertThat(localizer.getText("/data/location/admin1:label")).isEqualTo("État");
    assertThat(localizer.getText("admin1-0")).isEqualTo("Borno");
    // a missing translation falls back to another language rather than to nothing
    assertThat(localizer.getText("/data/location/site_pcode:hint"))
        .isEqualTo("As in the location list");

    // a blank instance: the instance ID is generated, the metadata preloaded, calculations run
    parsed.initialize(true, new InstanceInitializationFactory());
    TreeElement instanceId = find(parsed.getMainInstance().getRoot(), "instanceID");
    assertThat(instanceId).isNotNull();
    assertThat(instanceId.getValue().getDisplayText()).startsWith("uuid:");
    assertThat(find(parsed.getMainInstance().getRoot(), "today").getValue()).isNotNull();

    String xml = form.xform();
    assertThat(
            xpath(
                xml, "//*[local-name()='bind'][@nodeset='/data/idps/idp_individuals']/@constraint"))
        .isEqualTo(". >= /data/idps/idp_households");
    assertThat(xpath(xml, "//*[local-name()='bind'][@nodeset='/data/idps/idp_individuals']/@type"))
        .isEqualTo("int");
    assertThat(xpath(xml, "//*[local-name()='bind'][@nodeset='/data/location/admin1']/@required"))
        .isEqualTo("true()");
    assertThat(
            xpath(xml, "//*[local-name()='bind'][@nodeset='/data/idps/household_size']/@calculate"))
        .isEqualTo(
            "if(/data/idps/idp_households > 0, /data/idps/idp_individuals div"
                + " /data/idps/idp_households, 0)");
    assertThat(xpath(xml, "//*[local-name()='bind'][@nodeset='/data/idps/arrival_date']/@relevant"))
        .isEqualTo("selected(/data/idps/reasons, 'conflict')");
    assertThat(
            xpath(xml, "//*[local-name()='bind'][@nodeset='/data/idps/reasons_other']/@relevant"))
        .isEqualTo("selected(/data/idps/reasons, 'other')");
    assertThat(
            xpath(
                xml, "//*[local-name()='bind'][@nodeset='/data/today']/@*[local-name()='preload']"))
        .isEqualTo("date");
    assertThat(
            xpath(
                xml,
                "//*[local-name()='bind'][@nodeset='/data/start']/@*[local-name()='preloadParams']"))
        .isEqualTo("start");
    assertThat(
            xpath(
                xml,
                "//*[local-name()='bind'][@nodeset='/data/orx:meta/orx:instanceID']/@*[local-name()='preload']"))
        .isEqualTo("uid");
    assertThat(
            xpath(
                xml,
                "//*[local-name()='bind'][@nodeset='/data/orx:meta/orx:instanceName']/@calculate"))
        .isEqualTo("concat(/data/location/site_pcode, ' ', /data/today)");
    assertThat(
            xpath(
                xml,
                "//*[local-name()='bind'][@nodeset='/data/idps/idp_individuals']/@*[local-name()='constraintMsg']"))
        .isEqualTo("jr:itext('/data/idps/idp_individuals:constraint_message')");
    assertThat(
            xpath(
                xml,
                "//*[local-name()='select1'][@ref='/data/location/admin2']/*[local-name()='itemset']/@nodeset"))
        .isEqualTo("instance('admin2')/root/item[admin1=/data/location/admin1]");
    assertThat(xpath(xml, "//*[local-name()='instance'][@id='admin2']/root/item[1]/admin1"))
        .isEqualTo("NG008");
    assertThat(xpath(xml, "//*[local-name()='repeat']/@nodeset")).isEqualTo("/data/informants");
    assertThat(xpath(xml, "//*[local-name()='repeat']/@*[local-name()='count']"))
        .isEqualTo("/data/informant_count");
    assertThat(xpath(xml, "//*[local-name()='upload'][@ref='/data/site_photo']/@mediatype"))
        .isEqualTo("image/*");
    assertThat(xpath(xml, "count(//*[local-name()='trigger'][@ref='/data/consent'])"))
        .isEqualTo("1");
    assertThat(xpath(xml, "//*[local-name()='group'][@ref='/data/location']/@appearance"))
        .isEqualTo("field-list");
    assertThat(xml)
        .contains(
            "<value>The bands add up to <output value=\"/data/idps/sex_age_total\"/>, not <output value=\"/data/idps/idp_individuals\"/></value>");
  }

  @Test
  void everyFieldIsListedWithItsPathTypeAndLabel() {
    List<FormField> fields = convert(XlsForms.dtmBaseline()).fields();
    assertThat(fields)
        .contains(
            new FormField(
                "/data/location/admin1", "admin1", "select_one", "string", "admin1", "State", null),
            new FormField(
                "/data/informants", "informants", "repeat", null, null, "Key informant", null),
            new FormField(
                "/data/informants/informant_type",
                "informant_type",
                "select_one",
                "string",
                "ki_type",
                "Informant",
                "/data/informants"),
            new FormField(
                "/data/idps/reasons_other",
                "reasons_other",
                "text",
                "string",
                null,
                "Specify other.",
                null),
            new FormField(
                "/data/next_visit", "next_visit", "dateTime", "dateTime", null, "Next visit", null),
            new FormField(
                "/data/meta/instanceID", "instanceID", "meta", "string", null, null, null));
    assertThat(fields.stream().map(FormField::path).distinct()).hasSameSizeAs(fields);
  }

  @Test
  void aFormInOneLanguageHasInlineLabelsAndTheFileNameAsIdWithoutSettings() throws Exception {
    var form =
        convert(
            XlsForms.workbook()
                .survey("type", "name", "label", "hint")
                .survey("integer", "households", "Households in ${village}", "Count them")
                .survey("text", "village", "Village")
                .survey("select_one yes_no", "ok", "All right?")
                .choices("list_name", "name", "label")
                .choices("yes_no", "yes", "Yes")
                .choices("yes_no", "no", "No"));
    assertThat(form.formId()).isEqualTo("site_form");
    assertThat(form.version()).isEqualTo("202411240000");
    assertThat(form.xform()).doesNotContain("itext");
    assertThat(form.xform())
        .contains("<label>Households in <output value=\"/data/village\"/></label>");
    FormDef parsed = parse(form.xform());
    assertThat(parsed.getMainInstance().getRoot().getAttributeValue(null, "id"))
        .isEqualTo("site_form");
  }

  @Test
  void aRepeatCountThatIsAnExpressionIsComputedIntoAFieldBesideTheRepeat() throws Exception {
    var form =
        convert(
            XlsForms.workbook()
                .survey("type", "name", "label", "repeat_count")
                .survey("integer", "adults", "Adults")
                .survey("begin repeat", "adult", "Adult", "${adults} + 1")
                .survey("text", "adult_name", "Name")
                .survey("end repeat"));
    assertThat(xpath(form.xform(), "//*[local-name()='repeat']/@*[local-name()='count']"))
        .isEqualTo("/data/adult_count");
    assertThat(
            xpath(
                form.xform(), "//*[local-name()='bind'][@nodeset='/data/adult_count']/@calculate"))
        .isEqualTo("/data/adults + 1");
    parse(form.xform());
  }

  @Test
  void theSameWorkbookGivesTheSameXForm() {
    assertThat(convert(XlsForms.dtmBaseline()).xform())
        .isEqualTo(convert(XlsForms.dtmBaseline()).xform());
  }

  // --------------------------------------------------------------------------------- errors

  private static XlsForms survey(String[]... rows) {
    XlsForms form =
        XlsForms.workbook()
            .survey("type", "name", "label", "relevant", "constraint", "calculation");
    for (String[] row : rows) form.survey(row);
    form.choices("list_name", "name", "label").choices("yes_no", "yes", "Yes");
    return form;
  }

  @Test
  void aReferenceToAMissingFieldNamesRowAndColumn() {
    List<InputError> errors =
        errors(
            survey(
                new String[] {"integer", "households", "Households"},
                new String[] {"integer", "children", "Children", "${age} > 5"}));
    assertThat(errors)
        .containsExactly(
            new InputError(
                3L,
                "survey.relevant",
                "${age} > 5",
                "${age} refers to a field that does not exist"));
    assertThat(XlsFormConverter.describe(errors.get(0)))
        .isEqualTo("survey row 3, column relevant: ${age} refers to a field that does not exist");
  }

  @Test
  void unknownTypesMissingListsAndDuplicateNamesAreAllReportedInOneAnswer() {
    List<InputError> errors =
        errors(
            survey(
                new String[] {"intger", "households", "Households"},
                new String[] {"select_one reasons", "reason", "Reason"},
                new String[] {"text", "village", "Village"},
                new String[] {"text", "village", "Village again"},
                new String[] {"text", "2nd", "Bad name"},
                new String[] {"calculate", "total"},
                new String[] {"integer", "no_label"}));
    assertThat(errors)
        .extracting(InputError::row, InputError::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, "survey.type"),
            org.assertj.core.groups.Tuple.tuple(3L, "survey.type"),
            org.assertj.core.groups.Tuple.tuple(5L, "survey.name"),
            org.assertj.core.groups.Tuple.tuple(6L, "survey.name"),
            org.assertj.core.groups.Tuple.tuple(7L, "survey.calculation"),
            org.assertj.core.groups.Tuple.tuple(8L, "survey.label"));
    assertThat(errors.get(0).reason()).startsWith("'intger' is not a question type");
    assertThat(errors.get(1).reason())
        .isEqualTo("select_one list 'reasons' is not in the choices sheet");
    assertThat(errors.get(2).reason()).startsWith("duplicate name 'village': survey row 4");
  }

  @Test
  void unbalancedGroupsAndRepeatsAreNamed() {
    assertThat(
            errors(
                survey(
                    new String[] {"end group"},
                    new String[] {"begin group", "place", "Place"},
                    new String[] {"text", "village", "Village"},
                    new String[] {"end repeat"},
                    new String[] {"begin repeat", "people", "People"},
                    new String[] {"text", "person", "Person"})))
        .extracting(InputError::row, InputError::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, "end group without a begin group"),
            org.assertj.core.groups.Tuple.tuple(
                5L,
                "end repeat closes the group 'place' begun on survey row 3, which needs an end group"),
            org.assertj.core.groups.Tuple.tuple(6L, "begin repeat 'people' has no end repeat"));
  }

  @Test
  void badExpressionSyntaxIsReportedAsJavaRosaSeesIt() {
    List<InputError> errors =
        errors(
            survey(
                new String[] {"integer", "households", "Households", "", ". >= 0 and"},
                new String[] {"calculate", "double", "", "", "", "${households} * (2"}));
    assertThat(errors)
        .extracting(InputError::row, InputError::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, "survey.constraint"),
            org.assertj.core.groups.Tuple.tuple(3L, "survey.calculation"));
    assertThat(errors)
        .allSatisfy(e -> assertThat(e.reason()).startsWith("the expression is not valid XPath"));
  }

  @Test
  void whatOnlyJavaRosaFindsIsMappedBackToTheRow() {
    // each calculation needs the other: a cycle only the dependency graph shows
    List<InputError> errors =
        errors(
            survey(
                new String[] {"calculate", "a", "", "", "", "${b} + 1"},
                new String[] {"calculate", "b", "", "", "", "${a} + 1"}));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).row()).isIn(2L, 3L);
    assertThat(errors.get(0).reason()).startsWith("ODK Collect would refuse the form:");
  }

  @Test
  void choiceNamesOfASelectMultipleHoldNoSpaces() {
    List<InputError> errors =
        errors(
            XlsForms.workbook()
                .survey("type", "name", "label")
                .survey("select_multiple needs", "needs", "Needs")
                .choices("list_name", "name", "label")
                .choices("needs", "food", "Food")
                .choices("needs", "clean water", "Clean water"));
    assertThat(errors)
        .containsExactly(
            new InputError(
                3L,
                "choices.name",
                "clean water",
                "the list 'needs' is used by a select_multiple, whose answers are separated by spaces:"
                    + " its choice names cannot hold spaces"));
  }

  @Test
  void anUnknownFunctionIsFoundWhenJavaRosaRunsTheForm() {
    List<InputError> errors =
        errors(
            survey(
                new String[] {"integer", "households", "Households"},
                new String[] {"calculate", "twice", "", "", "", "double(${households})"}));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).reason())
        .startsWith("ODK Collect would refuse the form:")
        .contains("double");
  }

  @Test
  void choicesAndSettingsAreChecked() {
    List<InputError> errors =
        errors(
            XlsForms.workbook()
                .survey("type", "name", "label::English (en)")
                .survey("select_one yes_no", "ok", "OK?")
                .choices("list_name", "name", "label::English (en)")
                .choices("yes_no", "yes", "Yes")
                .choices("yes_no", "yes", "Yes again")
                .choices("yes_no", "", "Nameless")
                .settings("form_id", "default_language")
                .settings("my form", "French (fr)"));
    assertThat(errors)
        .extracting(InputError::row, InputError::field)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(3L, "choices.name"),
            org.assertj.core.groups.Tuple.tuple(4L, "choices.name"),
            org.assertj.core.groups.Tuple.tuple(2L, "settings.form_id"),
            org.assertj.core.groups.Tuple.tuple(2L, "settings.default_language"));
  }

  @Test
  void aWorkbookWithoutSurveyOrNotAWorkbookIsRefused() {
    assertThatThrownBy(() -> convert(XlsForms.workbook().row("sheet1", "a", "b")))
        .isInstanceOf(OpenDtmException.class)
        .hasMessageContaining("no survey sheet");
    Path notXlsx = directory.resolve("form.xlsx");
    try {
      java.nio.file.Files.writeString(notXlsx, "type,name\ntext,a\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThatThrownBy(() -> XlsFormConverter.convert(notXlsx, "form.xlsx", "1"))
        .isInstanceOf(OpenDtmException.class)
        .hasMessageContaining("not an XLSX workbook");
  }

  @Test
  void aZipBombIsRefusedBeforeItIsExpanded() throws Exception {
    // a real XLSForm whose survey sheet is padded with 40 MB of blanks: tiny compressed, huge
    // expanded, as a zip bomb is
    byte[] form = XlsForms.dtmBaseline().bytes();
    var out = new java.io.ByteArrayOutputStream();
    try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(form));
        var zip = new java.util.zip.ZipOutputStream(out)) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        byte[] content = in.readAllBytes();
        zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
        if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
          String xml = new String(content, StandardCharsets.UTF_8);
          int end = xml.lastIndexOf("</worksheet>");
          zip.write(xml.substring(0, end).getBytes(StandardCharsets.UTF_8));
          byte[] blanks = new byte[1 << 20];
          java.util.Arrays.fill(blanks, (byte) ' ');
          for (int i = 0; i < 40; i++) zip.write(blanks);
          zip.write(xml.substring(end).getBytes(StandardCharsets.UTF_8));
        } else {
          zip.write(content);
        }
        zip.closeEntry();
      }
    }
    Path bomb = directory.resolve("bomb.xlsx");
    java.nio.file.Files.write(bomb, out.toByteArray());
    assertThat(java.nio.file.Files.size(bomb)).isLessThan(200_000);
    assertThatThrownBy(() -> XlsFormConverter.convert(bomb, "bomb.xlsx", "1"))
        .isInstanceOf(OpenDtmException.class)
        .hasMessageContaining("zip bomb");
  }

  @Test
  void columnNamesAreNormalisedAsXlsFormToolsAccept() {
    assertThat(XlsFormReader.columnName("List Name")).isEqualTo("list_name");
    assertThat(XlsFormReader.columnName("Label::Français (fr)")).isEqualTo("label::Français (fr)");
    assertThat(XlsFormReader.columnName("constraint message")).isEqualTo("constraint_message");
    assertThat(XlsFormReader.columnName("jr:constraintMsg")).isEqualTo("constraint_message");
    assertThat(new ArrayList<>(List.of(XlsFormReader.columnName("value")))).containsExactly("name");
  }
}
