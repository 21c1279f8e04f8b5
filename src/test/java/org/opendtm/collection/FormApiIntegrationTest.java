package org.opendtm.collection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.javarosa.core.model.FormDef;
import org.javarosa.xform.util.XFormUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

class FormApiIntegrationTest extends ApiTestSupport {

  private static final AtomicInteger OPERATIONS = new AtomicInteger();

  @Autowired GeographyManagement geography;

  /** Each test has an operation of its own: the tests share one database. */
  private String op;

  private String forms;

  @BeforeEach
  void operation() {
    op = "NGA-FORMS-" + OPERATIONS.incrementAndGet();
    forms = "/api/v1/operations/" + op + "/forms";
    geography.createOperation(new NewOperation(op, "North-East Nigeria", "NGA"));
  }

  private ResponseEntity<JsonNode> upload(String operation, String fileName, byte[] content) {
    var body = new LinkedMultiValueMap<String, Object>();
    body.add(
        "file",
        new ByteArrayResource(content) {
          @Override
          public String getFilename() {
            return fileName;
          }
        });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return admin()
        .postForEntity(
            url("/api/v1/operations/" + operation + "/forms"),
            new HttpEntity<>(body, headers),
            JsonNode.class);
  }

  private ResponseEntity<JsonNode> upload(XlsForms form) {
    return upload(op, "dtm_baseline.xlsx", form.bytes());
  }

  private JsonNode get(String path) {
    ResponseEntity<JsonNode> answer = admin().getForEntity(url(path), JsonNode.class);
    assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  private static List<String> texts(JsonNode array, String property) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.path(property).asText()));
    return values;
  }

  /** A second version of the baseline form: the informants' phone and the photo are gone. */
  private static XlsForms baselineVersion2() {
    return XlsForms.workbook()
        .survey("type", "name", "label")
        .survey("text", "site_pcode", "Site P-code")
        .survey("decimal", "idp_households", "IDP households")
        .survey("integer", "idp_individuals", "IDP individuals")
        .survey("geopoint", "gps", "GPS")
        .survey("begin repeat", "informants", "Key informant")
        .survey("text", "informant_name", "Name")
        .survey("end repeat")
        .settings("form_id", "version", "form_title")
        .settings("dtm_baseline", "2024120101", "DTM baseline assessment v2");
  }

  @Test
  void anUploadedFormIsListedServedAsXFormAndKeepsItsWorkbook() throws Exception {
    byte[] workbook = XlsForms.dtmBaseline().bytes();
    ResponseEntity<JsonNode> created = upload(op, "dtm_baseline.xlsx", workbook);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getHeaders().getLocation().getPath())
        .isEqualTo(forms + "/dtm_baseline/versions/2024110101/xform");
    assertThat(created.getBody().path("created").asBoolean()).isTrue();
    assertThat(created.getBody().path("changes")).isEmpty();
    assertThat(created.getBody().path("version").path("createdBy").asText()).isEqualTo("admin");

    JsonNode list = get(forms);
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("formId").asText()).isEqualTo("dtm_baseline");
    assertThat(list.get(0).path("title").asText()).isEqualTo("DTM baseline assessment");
    assertThat(list.get(0).path("state").asText()).isEqualTo("OPEN");
    assertThat(list.get(0).path("latestVersion").asText()).isEqualTo("2024110101");
    assertThat(list.get(0).path("versions").asInt()).isEqualTo(1);

    ResponseEntity<String> xform =
        admin().getForEntity(url(forms + "/dtm_baseline/versions/2024110101/xform"), String.class);
    assertThat(xform.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_XML)).isTrue();
    FormDef parsed =
        XFormUtils.getFormFromInputStream(
            new ByteArrayInputStream(xform.getBody().getBytes(StandardCharsets.UTF_8)));
    assertThat(parsed.getMainInstance().getRoot().getAttributeValue(null, "version"))
        .isEqualTo("2024110101");
    assertThat(created.getBody().path("version").path("md5").asText())
        .isEqualTo(org.opendtm.collection.internal.FormVersions.md5Hex(xform.getBody()));

    ResponseEntity<byte[]> original =
        admin()
            .getForEntity(url(forms + "/dtm_baseline/versions/2024110101/xlsform"), byte[].class);
    assertThat(original.getBody()).isEqualTo(workbook);
    assertThat(original.getHeaders().getContentDisposition().getFilename())
        .isEqualTo("dtm_baseline.xlsx");

    JsonNode fields = get(forms + "/dtm_baseline/versions/2024110101/fields");
    assertThat(texts(fields, "path"))
        .contains(
            "/data/location/admin1", "/data/informants/informant_phone", "/data/meta/instanceID");
    assertThat(fields.get(0).path("type").asText()).isEqualTo("start");

    // the same upload again is accepted without a new version
    ResponseEntity<JsonNode> again = upload(op, "dtm_baseline.xlsx", workbook);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(again.getBody().path("created").asBoolean()).isFalse();
    assertThat(get(forms + "/dtm_baseline").path("versions")).hasSize(1);
  }

  @Test
  void versionsKeepTheirOwnFieldsAndAChangedFormUnderAStoredVersionIsRefused() {
    upload(XlsForms.dtmBaseline());
    XlsForms changed = baselineVersion2();
    changed =
        XlsForms.workbook()
            .survey("type", "name", "label")
            .survey("text", "site_pcode", "Site P-code, changed")
            .settings("form_id", "version")
            .settings("dtm_baseline", "2024110101");
    ResponseEntity<JsonNode> conflict = upload(changed);
    assertThat(conflict.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(conflict.getBody().path("code").asText()).isEqualTo("FORM_VERSION_EXISTS");

    ResponseEntity<JsonNode> second = upload(baselineVersion2());
    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    // the upload says what changed: nothing is dropped or moved silently
    Map<String, String> changes = new java.util.TreeMap<>();
    second
        .getBody()
        .path("changes")
        .forEach(c -> changes.put(c.path("name").asText(), c.path("kind").asText()));
    assertThat(changes)
        .containsEntry("informant_name", "ADDED")
        .containsEntry("informant_phone", "REMOVED")
        .containsEntry("site_photo", "REMOVED")
        .containsEntry("idp_households", "RETYPED")
        .containsEntry("site_pcode", "MOVED") // out of the location group
        .doesNotContainKey("informants");
    JsonNode form = get(forms + "/dtm_baseline");
    assertThat(form.path("form").path("latestVersion").asText()).isEqualTo("2024120101");
    assertThat(form.path("form").path("title").asText()).isEqualTo("DTM baseline assessment v2");
    assertThat(texts(form.path("versions"), "version")).containsExactly("2024120101", "2024110101");

    // the older version still lists the fields the newer one dropped
    assertThat(texts(get(forms + "/dtm_baseline/versions/2024110101/fields"), "name"))
        .contains("informant_phone", "site_photo");
    assertThat(texts(get(forms + "/dtm_baseline/versions/2024120101/fields"), "name"))
        .doesNotContain("informant_phone", "site_photo")
        .contains("informant_name");
    assertThat(
            admin()
                .getForEntity(url(forms + "/dtm_baseline/versions/1999/fields"), JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aFormWithoutVersionGetsTheUploadTime() {
    ResponseEntity<JsonNode> created =
        upload(
            XlsForms.workbook()
                .survey("type", "name", "label")
                .survey("integer", "households", "Households")
                .settings("form_id")
                .settings("event_form"));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().path("version").path("version").asText()).matches("\\d{14}");
  }

  @Test
  void aBadFormIsRefusedWithEveryErrorAndNothingIsStored() {
    ResponseEntity<JsonNode> refused =
        upload(
            XlsForms.workbook()
                .survey("type", "name", "label", "relevant")
                .survey("integer", "households", "Households")
                .survey("integer", "children", "Children", "${age} > 5")
                .survey("select_one reasons", "reason", "Reason")
                .survey("begin group", "place", "Place")
                .settings("form_id")
                .settings("bad_form"));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode body = refused.getBody();
    assertThat(body.path("code").asText()).isEqualTo("INVALID_XLSFORM");
    assertThat(body.path("detail").asText())
        .contains("survey row 3, column relevant: ${age} refers to a field that does not exist");
    assertThat(body.path("errors")).hasSize(3);
    JsonNode first = body.path("errors").get(0);
    assertThat(first.path("row").asInt()).isEqualTo(3);
    assertThat(first.path("field").asText()).isEqualTo("survey.relevant");
    assertThat(first.path("value").asText()).isEqualTo("${age} > 5");
    assertThat(texts(body.path("errors"), "field"))
        .containsExactly("survey.relevant", "survey.type", "survey.type");
    assertThat(body.path("errors").get(2).path("reason").asText())
        .isEqualTo("begin group 'place' has no end group");
    assertThat(get(forms)).noneMatch(f -> f.path("formId").asText().equals("bad_form"));
  }

  @Test
  void onlyXlsxWorkbooksAreRead() {
    assertThat(upload(op, "form.csv", "type,name\n".getBytes()).getStatusCode())
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    ResponseEntity<JsonNode> notZip = upload(op, "form.xlsx", "type,name\n".getBytes());
    assertThat(notZip.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(notZip.getBody().path("code").asText()).isEqualTo("UNREADABLE_FILE");
    assertThat(upload("NOWHERE", "form.xlsx", XlsForms.dtmBaseline().bytes()).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void formsAreClosedAndOpenedAgain() {
    upload(XlsForms.dtmBaseline());
    JsonNode closed =
        admin().postForObject(url(forms + "/dtm_baseline/close"), null, JsonNode.class);
    assertThat(closed.path("state").asText()).isEqualTo("CLOSED");
    assertThat(get(forms + "/dtm_baseline").path("form").path("state").asText())
        .isEqualTo("CLOSED");
    JsonNode opened =
        admin().postForObject(url(forms + "/dtm_baseline/open"), null, JsonNode.class);
    assertThat(opened.path("state").asText()).isEqualTo("OPEN");
    assertThat(
            admin()
                .postForEntity(url(forms + "/no_such_form/close"), null, JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aBindingIsCheckedAgainstTheFieldsOfTheForm() {
    upload(XlsForms.dtmBaseline());
    String binding = forms + "/dtm_baseline/binding";
    assertThat(admin().getForEntity(url(binding), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    Map<String, Object> good =
        Map.of(
            "placeField", "site_pcode",
            "placeKind", "LOCATION_CODE",
            "assessmentType", "SA",
            "figures",
                List.of(
                    Map.of(
                        "group", "IDP",
                        "householdsField", "idp_households",
                        "individualsField", "idp_individuals")));
    ResponseEntity<JsonNode> stored = put(binding, good);
    assertThat(stored.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode read = get(binding);
    assertThat(read.path("placeField").asText()).isEqualTo("site_pcode");
    assertThat(read.path("assessmentType").asText()).isEqualTo("SA");
    assertThat(read.path("figures").get(0).path("individualsField").asText())
        .isEqualTo("idp_individuals");

    Map<String, Object> bad =
        Map.of(
            "placeField", "gps_point",
            "placeKind", "GEOPOINT",
            "assessmentType", "BA",
            "figures",
                List.of(
                    Map.of(
                        "group", "IDP",
                        "individualsField", "site_pcode",
                        "householdsField", "informant_phone",
                        "sexAgeFields", List.of("female_under_1", "male_under_1"))));
    ResponseEntity<JsonNode> refused = put(binding, bad);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().path("code").asText()).isEqualTo("INVALID_BINDING");
    assertThat(texts(refused.getBody().path("errors"), "field"))
        .containsExactlyInAnyOrder(
            "placeField",
            "figures[0].householdsField",
            "figures[0].individualsField",
            "figures[0].sexAgeFields");
    assertThat(refused.getBody().path("detail").asText())
        .contains("the form has no field named 'gps_point'")
        .contains("'informant_phone' is inside the repeat /data/informants")
        .contains("'site_pcode' is a text field");
    // the refused binding changed nothing
    assertThat(get(binding).path("placeField").asText()).isEqualTo("site_pcode");
  }

  private ResponseEntity<JsonNode> put(String path, Object body) {
    return admin().exchange(url(path), HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
  }
}
