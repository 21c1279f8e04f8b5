package org.opendtm.collection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.collection.internal.FormVersions;
import org.opendtm.collection.internal.Submissions;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.geography.NewOperation;
import org.opendtm.geography.Operation;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Issue 5's "Done means", end to end: an XLSForm uploads, is bound, appears in Collect's form list;
 * submissions posted as Collect posts them (Digest, multipart, retries, a conflicting duplicate, an
 * unknown P-code) become assessments of the open round with their validation flags; what cannot be
 * applied says why; reviewers edit, approve and reject.
 */
@org.springframework.test.context.TestPropertySource(
    properties = {
      "opendtm.collection.kobo-hosts=kf.kobotoolbox.org,127.0.0.1",
      "opendtm.collection.central-hosts=127.0.0.1"
    })
class SubmissionsToAssessmentsIntegrationTest extends ApiTestSupport {

  static final String FORM = "bridge_form";
  static final String VERSION = "2024112401";
  static final AtomicInteger OPERATIONS = new AtomicInteger();

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired FormVersions versions;
  @Autowired Submissions submissions;
  @Autowired ApplicationEventPublisher events;
  @Autowired ConfigurableApplicationContext context;

  String op;
  String api;

  @BeforeEach
  void operationWithGeography() {
    op = "BRG" + OPERATIONS.incrementAndGet();
    api = "/api/v1/operations/" + op;
    Operation operation = geography.createOperation(new NewOperation(op, "Bridge " + op, "CAF"));
    geography.createProvisionalUnits(
        operation.id(),
        List.of(
            new NewAdminUnit(0, "CAF", "Central African Republic", null),
            new NewAdminUnit(1, "CAF01", "Bamingui", "CAF"),
            new NewAdminUnit(2, "CAF0101", "Kaga", "CAF01"),
            new NewAdminUnit(2, "CAF0102", "Ndele", "CAF01")));
  }

  static XlsForms form() {
    return XlsForms.workbook()
        .survey("type", "name", "label")
        .survey("text", "place_pcode", "P-code of the place")
        .survey("begin group", "idps", "IDPs")
        .survey("integer", "idp_households", "IDP households")
        .survey("integer", "idp_individuals", "IDP individuals")
        .survey("integer", "idp_males", "IDP males")
        .survey("integer", "idp_females", "IDP females")
        .survey("end group")
        .settings("form_id", "version", "form_title")
        .settings(FORM, VERSION, "Bridge form");
  }

  /** An instance as Collect writes it for {@link #form()}. */
  static byte[] instance(
      String instanceId, String pcode, String households, int individuals, int males, int females) {
    return ("<?xml version='1.0' ?><data id=\""
            + FORM
            + "\" version=\""
            + VERSION
            + "\" xmlns:jr=\"http://openrosa.org/javarosa\""
            + " xmlns:orx=\"http://openrosa.org/xforms\">"
            + "<place_pcode>"
            + pcode
            + "</place_pcode><idps><idp_households>"
            + households
            + "</idp_households><idp_individuals>"
            + individuals
            + "</idp_individuals><idp_males>"
            + males
            + "</idp_males><idp_females>"
            + females
            + "</idp_females></idps><meta><instanceID>"
            + instanceId
            + "</instanceID></meta></data>")
        .getBytes(StandardCharsets.UTF_8);
  }

  void uploadAndBind() {
    var body = new LinkedMultiValueMap<String, Object>();
    body.add(
        "file",
        new ByteArrayResource(form().bytes()) {
          @Override
          public String getFilename() {
            return "bridge_form.xlsx";
          }
        });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<JsonNode> uploaded =
        admin().postForEntity(url(api + "/forms"), new HttpEntity<>(body, headers), JsonNode.class);
    assertThat(uploaded.getStatusCode())
        .as(String.valueOf(uploaded.getBody()))
        .isEqualTo(HttpStatus.CREATED);

    Map<String, Object> binding =
        Map.of(
            "placeField", "place_pcode",
            "placeKind", "PCODE",
            "assessmentType", "BA",
            "figures",
                List.of(
                    Map.of(
                        "group", "IDP",
                        "householdsField", "idp_households",
                        "individualsField", "idp_individuals",
                        "malesField", "idp_males",
                        "femalesField", "idp_females")));
    ResponseEntity<JsonNode> bound =
        send(HttpMethod.PUT, api + "/forms/" + FORM + "/binding", binding);
    assertThat(bound.getStatusCode()).as(String.valueOf(bound.getBody())).isEqualTo(HttpStatus.OK);
  }

  CollectClient enumerator(String username) {
    ResponseEntity<JsonNode> created =
        admin()
            .postForEntity(
                url(api + "/enumerators"),
                Map.of("username", username, "displayName", "Enumerator " + username),
                JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return new CollectClient(username, created.getBody().path("password").asText(), "MD5");
  }

  ResponseEntity<JsonNode> send(HttpMethod method, String path, Object body) {
    return admin().exchange(url(path), method, new HttpEntity<>(body), JsonNode.class);
  }

  String submission(String instanceId) {
    return api + "/forms/" + FORM + "/submissions/" + instanceId;
  }

  /** The submission's review view once the background binding has dealt with it. */
  JsonNode processed(String instanceId) throws InterruptedException {
    return processed(FORM, instanceId);
  }

  JsonNode processed(String formId, String instanceId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      ResponseEntity<JsonNode> view =
          admin()
              .getForEntity(
                  url(api + "/forms/" + formId + "/submissions/" + instanceId + "/review"),
                  JsonNode.class);
      assertThat(view.getStatusCode()).isEqualTo(HttpStatus.OK);
      String state = view.getBody().path("processing").path("processing").asText();
      if (!"PENDING".equals(state)) return view.getBody();
      assertThat(System.nanoTime()).as("still PENDING: " + instanceId).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  List<JsonNode> assessments(int round) {
    JsonNode page =
        admin().getForObject(url(api + "/rounds/" + round + "/assessments"), JsonNode.class);
    List<JsonNode> items = new ArrayList<>();
    page.path("items").forEach(items::add);
    return items;
  }

  List<JsonNode> openFlags(int round) {
    JsonNode flags = admin().getForObject(url(api + "/rounds/" + round + "/flags"), JsonNode.class);
    List<JsonNode> open = new ArrayList<>();
    (flags.isArray() ? flags : flags.path("items"))
        .forEach(
            f -> {
              if ("OPEN".equals(f.path("status").asText())) open.add(f);
            });
    return open;
  }

  /** The round's open flags once one of the rule has appeared (the worker validates per batch). */
  List<JsonNode> flagsOnceValidated(int round, String rule) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<JsonNode> open = openFlags(round);
      if (open.stream().anyMatch(f -> f.path("rule").asText().equals(rule))) return open;
      assertThat(System.nanoTime()).as("no " + rule + " flag yet").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void submissionsFromCollectBecomeAssessmentsOfTheOpenRoundWithTheirFlags() throws Exception {
    uploadAndBind();
    CollectClient collect = enumerator("enum-" + op.toLowerCase());
    String server = url("/openrosa/" + op);

    // Collect's form list shows the form with an md5 hash; the download matches it
    HttpResponse<byte[]> list = collect.get(server + "/formList");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(text(list)).contains("<formID>" + FORM + "</formID>", "<version>" + VERSION);
    HttpResponse<byte[]> download = collect.get(server + "/forms/" + FORM + "/form.xml");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(text(list))
        .contains(
            "<hash>md5:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(download.body()))
                + "</hash>");
    assertThat(collect.head(server + "/submission").statusCode()).isEqualTo(204);

    // before any round is open, a submission is acknowledged and waits, saying why
    HttpResponse<byte[]> early =
        collect.submit(server + "/submission", instance("uuid:early", "CAF0101", "3", 12, 5, 7));
    assertThat(early.statusCode()).as(text(early)).isEqualTo(201);
    JsonNode waiting = processed("uuid:early");
    assertThat(waiting.path("processing").path("processing").asText()).isEqualTo("NOT_APPLIED");
    assertThat(waiting.path("processing").path("reason").asText()).contains("no open round");

    // opening a round applies it without anyone asking (after the round's commit)
    tracking.createRound(op, 1, LocalDate.of(2024, 11, 30));
    JsonNode reapplied = processed("uuid:early");
    assertThat(reapplied.path("processing").path("processing").asText()).isEqualTo("APPLIED");
    assertThat(reapplied.path("processing").path("roundNumber").asInt()).isEqualTo(1);
    // and applying it again by hand gives the same
    JsonNode applied = send(HttpMethod.POST, submission("uuid:early") + "/apply", null).getBody();
    assertThat(applied.path("processing").path("processing").asText()).isEqualTo("APPLIED");
    assertThat(applied.path("processing").path("roundNumber").asInt()).isEqualTo(1);
    // asking again for the whole form finds nothing left to apply
    assertThat(
            send(HttpMethod.POST, api + "/forms/" + FORM + "/submissions/apply", null)
                .getBody()
                .path("submissions")
                .asInt())
        .isZero();

    // a good one, its retry (same XML: accepted, nothing new) and a conflicting duplicate (409)
    byte[] kaga = instance("uuid:kaga", "CAF0101", "10", 40, 18, 22);
    assertThat(collect.submit(server + "/submission", kaga).statusCode()).isEqualTo(201);
    // the retry: 202, which Collect counts as success too
    assertThat(collect.submit(server + "/submission", kaga).statusCode()).isEqualTo(202);
    HttpResponse<byte[]> conflict =
        collect.submit(server + "/submission", instance("uuid:kaga", "CAF0101", "11", 44, 20, 24));
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(text(conflict)).contains("<message", "uuid:kaga");

    // figures that do not add up: applied, and the round's rules flag them naming the place
    HttpResponse<byte[]> ndele =
        collect.submit(server + "/submission", instance("uuid:ndele", "CAF0102", "8", 30, 10, 12));
    assertThat(ndele.statusCode()).isEqualTo(201);
    // an unknown P-code: the phone still gets its 201, the submission says why it is not applied
    HttpResponse<byte[]> unknown =
        collect.submit(server + "/submission", instance("uuid:unknown", "CAF0199", "2", 9, 4, 5));
    assertThat(unknown.statusCode()).as(text(unknown)).isEqualTo(201);

    assertThat(processed("uuid:kaga").path("processing").path("processing").asText())
        .isEqualTo("APPLIED");
    assertThat(processed("uuid:ndele").path("processing").path("processing").asText())
        .isEqualTo("APPLIED");
    JsonNode bad = processed("uuid:unknown");
    assertThat(bad.path("processing").path("processing").asText()).isEqualTo("NOT_APPLIED");
    assertThat(bad.path("processing").path("reason").asText())
        .isEqualTo("P-code CAF0199 unknown (field place_pcode)");
    // asked again for the form: the bad one is tried again and still says why
    assertThat(
            send(HttpMethod.POST, api + "/forms/" + FORM + "/submissions/apply", null)
                .getBody()
                .path("submissions")
                .asInt())
        .isEqualTo(1);
    assertThat(processed("uuid:unknown").path("processing").path("reason").asText())
        .isEqualTo("P-code CAF0199 unknown (field place_pcode)");

    // the submission list shows the processing state too
    JsonNode listed =
        admin().getForObject(url(api + "/forms/" + FORM + "/submissions"), JsonNode.class);
    assertThat(listed.path("total").asInt()).isEqualTo(4);
    listed
        .path("items")
        .forEach(
            s -> {
              String expected =
                  s.path("instanceId").asText().equals("uuid:unknown") ? "NOT_APPLIED" : "APPLIED";
              assertThat(s.path("processing").asText()).isEqualTo(expected);
            });

    // the round: one assessment per applied submission (the retry added none)
    List<JsonNode> round = assessments(1);
    assertThat(round).hasSize(3);
    assertThat(round.stream().map(a -> a.path("place").asText()))
        .containsExactlyInAnyOrder("CAF0101", "CAF0101", "CAF0102");
    JsonNode ndeleAssessment =
        round.stream().filter(a -> a.path("place").asText().equals("CAF0102")).findFirst().get();
    JsonNode figure = ndeleAssessment.path("figures").get(0);
    assertThat(figure.path("group").asText()).isEqualTo("IDP");
    assertThat(figure.path("households").asInt()).isEqualTo(8);
    assertThat(figure.path("individuals").asInt()).isEqualTo(30);

    // the worker validates the round once per batch, right after applying it
    List<JsonNode> flags = flagsOnceValidated(1, "BREAKDOWN_SUM");
    assertThat(flags)
        .anySatisfy(
            f -> {
              assertThat(f.path("rule").asText()).isEqualTo("BREAKDOWN_SUM");
              assertThat(f.path("place").asText()).isEqualTo("CAF0102");
              assertThat(f.path("message").asText()).contains("CAF0102 Ndele");
            });
    assertThat(flags)
        .noneMatch(
            f ->
                f.path("rule").asText().equals("BREAKDOWN_SUM")
                    && f.path("place").asText().equals("CAF0101"));

    // from the flag's assessment back to its submission
    long flagged =
        flags.stream()
            .filter(f -> f.path("rule").asText().equals("BREAKDOWN_SUM"))
            .findFirst()
            .get()
            .path("assessmentId")
            .asLong();
    JsonNode source =
        admin().getForObject(url(api + "/assessments/" + flagged + "/submission"), JsonNode.class);
    assertThat(source.path("instanceId").asText()).isEqualTo("uuid:ndele");
    assertThat(source.path("formId").asText()).isEqualTo(FORM);

    // a reviewer corrects the males: a revision, the same assessment re-derived, the flag gone
    ResponseEntity<JsonNode> edited =
        send(HttpMethod.PUT, submission("uuid:ndele"), Map.of("values", Map.of("idp_males", "18")));
    assertThat(edited.getStatusCode())
        .as(String.valueOf(edited.getBody()))
        .isEqualTo(HttpStatus.OK);
    JsonNode revision = edited.getBody().path("revisions").get(0);
    assertThat(revision.path("number").asInt()).isEqualTo(1);
    assertThat(revision.path("editedBy").asText()).isEqualTo("admin");
    JsonNode change = revision.path("changes").get(0);
    assertThat(change.path("path").asText()).isEqualTo("/data/idps/idp_males");
    assertThat(change.path("oldValue").asText()).isEqualTo("10");
    assertThat(change.path("newValue").asText()).isEqualTo("18");
    assertThat(edited.getBody().path("processing").path("assessmentId").asLong())
        .isEqualTo(flagged);
    assertThat(edited.getBody().path("xml").asText()).contains("<idp_males>18</idp_males>");
    assertThat(openFlags(1))
        .noneSatisfy(f -> assertThat(f.path("rule").asText()).isEqualTo("BREAKDOWN_SUM"));
    assertThat(assessments(1)).hasSize(3);

    // an edit of a field the form lacks is refused whole
    ResponseEntity<JsonNode> refused =
        send(
            HttpMethod.PUT,
            submission("uuid:ndele"),
            Map.of("values", Map.of("idp_males", "19", "no_such_field", "1")));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().path("errors").get(0).path("field").asText())
        .isEqualTo("no_such_field");
    assertThat(
            admin()
                .getForObject(url(submission("uuid:ndele") + "/review"), JsonNode.class)
                .path("revisions"))
        .hasSize(1);

    // a bad value by edit: not applied any more, its assessment leaves the round
    send(
        HttpMethod.PUT,
        submission("uuid:early"),
        Map.of("values", Map.of("idp_households", "abc")));
    JsonNode notNumber = processed("uuid:early");
    assertThat(notNumber.path("processing").path("reason").asText())
        .isEqualTo("field idp_households: 'abc' is not a number");
    assertThat(assessments(1)).hasSize(2);

    // approve one, reject another: the rejected one's assessment leaves the round
    JsonNode approved =
        send(HttpMethod.POST, submission("uuid:ndele") + "/approve", null).getBody();
    assertThat(approved.path("state").asText()).isEqualTo("APPROVED");
    assertThat(approved.path("processing").path("processing").asText()).isEqualTo("APPLIED");
    ResponseEntity<JsonNode> noReason =
        send(HttpMethod.POST, submission("uuid:kaga") + "/reject", Map.of());
    assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode rejected =
        send(
                HttpMethod.POST,
                submission("uuid:kaga") + "/reject",
                Map.of("reason", "informant was not from Kaga"))
            .getBody();
    assertThat(rejected.path("state").asText()).isEqualTo("REJECTED");
    assertThat(rejected.path("processing").path("processing").asText()).isEqualTo("NOT_APPLIED");
    assertThat(rejected.path("processing").path("reviewReason").asText())
        .isEqualTo("informant was not from Kaga");
    assertThat(assessments(1)).extracting(a -> a.path("place").asText()).containsExactly("CAF0102");
  }

  JsonNode progress(int round) {
    ResponseEntity<JsonNode> answer =
        admin()
            .getForEntity(url(api + "/rounds/" + round + "/collection-progress"), JsonNode.class);
    assertThat(answer.getStatusCode())
        .as(String.valueOf(answer.getBody()))
        .isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  static JsonNode enumeratorIn(JsonNode progress, String username) {
    for (JsonNode e : progress.path("enumerators")) {
      if (e.path("enumerator").asText().equals(username)) return e;
    }
    throw new AssertionError(username + " not in " + progress);
  }

  @Test
  void progressPerEnumeratorAgainstTheRoundsAssignments() throws Exception {
    uploadAndBind();
    String amina = "amina-" + op.toLowerCase();
    String bello = "bello-" + op.toLowerCase();
    CollectClient aminaPhone = enumerator(amina);
    CollectClient belloPhone = enumerator(bello);
    tracking.createRound(op, 1, LocalDate.of(2024, 11, 30));
    String server = url("/openrosa/" + op);

    // without a list: the expected places come from the review's rule (nothing to expect here)
    JsonNode before = progress(1);
    assertThat(before.path("expectedFrom").asText()).isEqualTo("NONE");
    assertThat(enumeratorIn(before, amina).path("assigned").isNull()).isTrue();
    assertThat(enumeratorIn(before, amina).path("submitted").asInt()).isZero();

    // a bad list is refused whole, every bad entry named, nothing stored
    ResponseEntity<JsonNode> refused =
        send(
            HttpMethod.PUT,
            api + "/rounds/1/assignments",
            Map.of(
                "assignments",
                List.of(
                    Map.of("enumerator", amina, "place", "CAF0101"),
                    Map.of("enumerator", "nobody", "place", "CAF0102"),
                    Map.of("enumerator", bello, "place", "XX99"))));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getBody().path("code").asText()).isEqualTo("INVALID_ASSIGNMENTS");
    assertThat(refused.getBody().path("errors"))
        .extracting(e -> e.path("row").asInt() + ":" + e.path("field").asText())
        .containsExactly("2:enumerator", "3:place");
    assertThat(admin().getForObject(url(api + "/rounds/1/assignments"), JsonNode.class)).isEmpty();

    // the list: Amina visits Kaga and Ndele, Bello Ndele
    ResponseEntity<JsonNode> stored =
        send(
            HttpMethod.PUT,
            api + "/rounds/1/assignments",
            Map.of(
                "assignments",
                List.of(
                    Map.of("enumerator", amina, "place", "CAF0101"),
                    Map.of("enumerator", amina, "place", "CAF0102"),
                    Map.of("enumerator", bello, "place", "CAF0102"))));
    assertThat(stored.getStatusCode())
        .as(String.valueOf(stored.getBody()))
        .isEqualTo(HttpStatus.OK);
    assertThat(stored.getBody()).hasSize(3);

    // Amina: Kaga applied, one with an unknown P-code; Bello: Ndele, rejected by a reviewer
    assertThat(
            aminaPhone
                .submit(server + "/submission", instance("uuid:a1", "CAF0101", "3", 12, 5, 7))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            aminaPhone
                .submit(server + "/submission", instance("uuid:a2", "CAF0199", "3", 12, 5, 7))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            belloPhone
                .submit(server + "/submission", instance("uuid:b1", "CAF0102", "4", 9, 4, 5))
                .statusCode())
        .isEqualTo(201);
    processed("uuid:a1");
    processed("uuid:a2");
    processed("uuid:b1");
    send(HttpMethod.POST, submission("uuid:b1") + "/reject", Map.of("reason", "not Ndele"));

    JsonNode progress = progress(1);
    assertThat(progress.path("expectedFrom").asText()).isEqualTo("ASSIGNMENTS");
    assertThat(progress.path("assignmentsRound").asInt()).isEqualTo(1);
    assertThat(progress.path("expected").asInt()).isEqualTo(2);
    assertThat(progress.path("visited").asInt()).isEqualTo(1);
    assertThat(progress.path("percent").asInt()).isEqualTo(50);
    assertThat(progress.path("notVisited")).extracting(JsonNode::asText).containsExactly("CAF0102");
    JsonNode a = enumeratorIn(progress, amina);
    assertThat(a.path("displayName").asText()).isEqualTo("Enumerator " + amina);
    assertThat(a.path("assigned").asInt()).isEqualTo(2);
    assertThat(a.path("assignedVisited").asInt()).isEqualTo(1);
    assertThat(a.path("submitted").asInt()).isEqualTo(2);
    assertThat(a.path("applied").asInt()).isEqualTo(1);
    assertThat(a.path("notApplied").asInt()).isEqualTo(1);
    assertThat(a.path("rejected").asInt()).isZero();
    assertThat(a.path("placesVisited").asInt()).isEqualTo(1);
    assertThat(a.path("lastSubmissionAt").asText()).isNotBlank();
    assertThat(a.path("notVisited")).extracting(JsonNode::asText).containsExactly("CAF0102");
    JsonNode b = enumeratorIn(progress, bello);
    assertThat(b.path("assigned").asInt()).isEqualTo(1);
    assertThat(b.path("assignedVisited").asInt()).isZero();
    assertThat(b.path("submitted").asInt()).isEqualTo(1);
    assertThat(b.path("rejected").asInt()).isEqualTo(1);
    assertThat(b.path("notApplied").asInt()).isZero();
    assertThat(b.path("notVisitedCount").asInt()).isEqualTo(1);

    // the same as CSV, one row per enumerator
    ResponseEntity<String> csv =
        admin().getForEntity(url(api + "/rounds/1/collection-progress.csv"), String.class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(csv.getBody())
        .startsWith("enumerator,display_name,assigned,assigned_visited,submitted,applied,")
        .contains(amina + ",Enumerator " + amina + ",2,1,2,1,1,0,0,1,")
        .contains(bello + ",Enumerator " + bello + ",1,0,1,0,0,0,1,0,");

    // the page the operation's bar leads to while the round collects
    ResponseEntity<String> page =
        admin().getForEntity(url("/app/operations/" + op + "/rounds/1/collection"), String.class);
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody())
        .contains(
            "Collection of round 1",
            "1 of 2 expected places visited",
            "data-enumerator=\"" + amina + "\"",
            "1 of 2",
            "/places/CAF0102",
            "/rounds/1/collection-progress.csv",
            "href=\"/app/operations/" + op + "/rounds/1/collection\"");
    assertThat(
            admin()
                .getForObject(
                    url("/app/operations/" + op + "/rounds/1/collection?lang=fr"), String.class))
        .contains("Collecte du round 1", "Enquêteurs");

    // a list uploaded as a file replaces the round's list; a file without the columns is refused
    var file = new LinkedMultiValueMap<String, Object>();
    file.add("file", named("assignments.csv", "Enumerator;Place\n" + bello + ";CAF0101\n"));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<JsonNode> uploaded =
        admin()
            .postForEntity(
                url(api + "/rounds/1/assignments"),
                new HttpEntity<>(file, headers),
                JsonNode.class);
    assertThat(uploaded.getStatusCode())
        .as(String.valueOf(uploaded.getBody()))
        .isEqualTo(HttpStatus.OK);
    assertThat(uploaded.getBody()).hasSize(1);
    assertThat(progress(1).path("expected").asInt()).isEqualTo(1);
    assertThat(progress(1).path("visited").asInt()).isEqualTo(1); // Amina visited Kaga
    var bad = new LinkedMultiValueMap<String, Object>();
    bad.add("file", named("assignments.csv", "who,where\nx,y\n"));
    assertThat(
            admin()
                .postForEntity(
                    url(api + "/rounds/1/assignments"),
                    new HttpEntity<>(bad, headers),
                    JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(admin().getForObject(url(api + "/rounds/1/assignments"), JsonNode.class)).hasSize(1);

    // round 2 has no list of its own: round 1's applies, and nothing was sent for it yet
    tracking.createRound(op, 2, LocalDate.of(2024, 12, 31));
    JsonNode next = progress(2);
    assertThat(next.path("expectedFrom").asText()).isEqualTo("ASSIGNMENTS");
    assertThat(next.path("assignmentsRound").asInt()).isEqualTo(1);
    assertThat(next.path("visited").asInt()).isZero();
    assertThat(enumeratorIn(next, amina).path("submitted").asInt()).isZero();
  }

  @Test
  void aRepeatByOriginGivesOneFigurePerAnswer() throws Exception {
    // IDPs asked per place of origin: a repeat, each answer an origin and its counts
    byte[] workbook =
        XlsForms.workbook()
            .survey("type", "name", "label")
            .survey("text", "place_pcode", "P-code of the place")
            .survey("select_one reasons", "reason", "Main reason")
            .survey("begin repeat", "origins", "Origin")
            .survey("text", "origin_pcode", "P-code of the origin")
            .survey("integer", "origin_households", "Households")
            .survey("integer", "origin_individuals", "Individuals")
            .survey("end repeat")
            .choices("list_name", "name", "label")
            .choices("reasons", "Conflict", "Conflict")
            .choices("reasons", "other", "Other")
            .settings("form_id", "version", "form_title")
            .settings("origins_form", "1", "IDPs by origin")
            .bytes();
    var body = new LinkedMultiValueMap<String, Object>();
    body.add("file", named("origins_form.xlsx", workbook));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<JsonNode> uploaded =
        admin().postForEntity(url(api + "/forms"), new HttpEntity<>(body, headers), JsonNode.class);
    assertThat(uploaded.getStatusCode())
        .as(String.valueOf(uploaded.getBody()))
        .isEqualTo(HttpStatus.CREATED);

    // a field inside the repeat is refused outside a figure of that repeat
    Map<String, Object> outside = new java.util.HashMap<>();
    outside.put("placeField", "place_pcode");
    outside.put("placeKind", "PCODE");
    outside.put("assessmentType", "BA");
    outside.put(
        "figures", List.of(Map.of("group", "IDP", "individualsField", "origin_individuals")));
    ResponseEntity<JsonNode> refused =
        send(HttpMethod.PUT, api + "/forms/origins_form/binding", outside);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().toString()).contains("inside the repeat");

    Map<String, Object> binding = new java.util.HashMap<>(outside);
    binding.put(
        "figures",
        List.of(
            Map.of(
                "group", "IDP",
                "repeat", "origins",
                "reasonField", "reason",
                "originField", "origin_pcode",
                "householdsField", "origin_households",
                "individualsField", "origin_individuals")));
    ResponseEntity<JsonNode> bound =
        send(HttpMethod.PUT, api + "/forms/origins_form/binding", binding);
    assertThat(bound.getStatusCode()).as(String.valueOf(bound.getBody())).isEqualTo(HttpStatus.OK);
    tracking.createRound(op, 1, LocalDate.of(2024, 11, 30));

    CollectClient collect = enumerator("origins-" + op.toLowerCase());
    String server = url("/openrosa/" + op);
    // the form Collect downloads has the repeat
    HttpResponse<byte[]> download = collect.get(server + "/forms/origins_form/form.xml");
    assertThat(text(download)).contains("<repeat", "nodeset=\"/data/origins\"");

    // two origins answered (the second without households), as Collect writes repeats
    String xml =
        "<?xml version='1.0' ?><data id=\"origins_form\" version=\"1\">"
            + "<place_pcode>CAF0101</place_pcode><reason>Conflict</reason>"
            + "<origins><origin_pcode>CAF0102</origin_pcode><origin_households>5</origin_households>"
            + "<origin_individuals>21</origin_individuals></origins>"
            + "<origins><origin_pcode>CAF0101</origin_pcode><origin_households/>"
            + "<origin_individuals>8</origin_individuals></origins>"
            + "<meta><instanceID>uuid:origins-1</instanceID></meta></data>";
    assertThat(
            collect
                .submit(server + "/submission", xml.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(201);
    JsonNode applied = processed("origins_form", "uuid:origins-1");
    assertThat(applied.path("processing").path("processing").asText())
        .as(applied.toString())
        .isEqualTo("APPLIED");
    List<JsonNode> round = assessments(1);
    assertThat(round).hasSize(1);
    JsonNode figures = round.get(0).path("figures");
    assertThat(figures).hasSize(2);
    assertThat(figures)
        .extracting(
            f ->
                f.path("reason").asText()
                    + "|"
                    + (f.path("households").isNull() ? "-" : f.path("households").asText())
                    + "|"
                    + f.path("individuals").asInt())
        .containsExactlyInAnyOrder("Conflict|5|21", "Conflict|-|8");
    assertThat(figures).allSatisfy(f -> assertThat(f.path("originAdminUnitId").isNull()).isFalse());

    // a bad answer in the second origin: not applied, the answer named
    String bad =
        xml.replace("uuid:origins-1", "uuid:origins-2")
            .replace("<origin_individuals>8<", "<origin_individuals>eight<");
    assertThat(
            collect
                .submit(server + "/submission", bad.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            processed("origins_form", "uuid:origins-2").path("processing").path("reason").asText())
        .isEqualTo("origins #2: field origin_individuals: 'eight' is not a number");

    // KoboToolbox's XLSX export: each repeat on its own sheet, pointing to its submission
    String uuid = "3f0c2a7e-0d4b-4d1e-9c59-5a1f6c2b7d10";
    XlsForms export =
        XlsForms.workbook()
            .row("IDPs by origin", "place_pcode", "reason", "_id", "_uuid", "_index")
            .row("IDPs by origin", "CAF0102", "Conflict", "501", uuid, "1")
            .row(
                "origins",
                "origins/origin_pcode",
                "origins/origin_households",
                "origins/origin_individuals",
                "_index",
                "_parent_table_name",
                "_parent_index",
                "_submission__uuid")
            // spreadsheets write numbers as 9.0 and 1.0
            .row("origins", "CAF0101", "2", "9.0", "1", "IDPs by origin", "1.0", uuid)
            .row("origins", "CAF0102", "3", "14", "2", "IDPs by origin", "1", uuid);
    var file = new LinkedMultiValueMap<String, Object>();
    file.add("file", named("kobo.xlsx", export.bytes()));
    ResponseEntity<JsonNode> imported =
        admin()
            .postForEntity(
                url(api + "/forms/origins_form/submission-imports"),
                new HttpEntity<>(file, headers),
                JsonNode.class);
    assertThat(imported.getStatusCode())
        .as(String.valueOf(imported.getBody()))
        .isEqualTo(HttpStatus.OK);
    assertThat(imported.getBody().path("created").asInt()).isEqualTo(1);
    assertThat(
            processed("origins_form", "uuid:" + uuid)
                .path("processing")
                .path("processing")
                .asText())
        .isEqualTo("APPLIED");
    JsonNode fromKobo =
        assessments(1).stream()
            .filter(a -> a.path("place").asText().equals("CAF0102"))
            .findFirst()
            .orElseThrow();
    assertThat(fromKobo.path("figures"))
        .extracting(f -> f.path("households").asInt() + "/" + f.path("individuals").asInt())
        .containsExactlyInAnyOrder("2/9", "3/14");

    // a repeat row whose submission is not in the file: refused whole, the sheet's cell named
    XlsForms orphan =
        XlsForms.workbook()
            .row("IDPs by origin", "place_pcode", "reason", "_uuid", "_index")
            .row(
                "IDPs by origin",
                "CAF0101",
                "Conflict",
                "4b1d2f9a-1c2e-4f3a-8b7c-6d5e4f3a2b1c",
                "1")
            .row("origins", "origins/origin_individuals", "_parent_index")
            .row("origins", "4", "7");
    var orphanFile = new LinkedMultiValueMap<String, Object>();
    orphanFile.add("file", named("kobo.xlsx", orphan.bytes()));
    ResponseEntity<JsonNode> refusedImport =
        admin()
            .postForEntity(
                url(api + "/forms/origins_form/submission-imports"),
                new HttpEntity<>(orphanFile, headers),
                JsonNode.class);
    assertThat(refusedImport.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refusedImport.getBody().path("errors").get(0).path("field").asText())
        .isEqualTo("origins!_parent_index");
  }

  static ByteArrayResource named(String filename, String content) {
    return named(filename, content.getBytes(StandardCharsets.UTF_8));
  }

  static ByteArrayResource named(String filename, byte[] content) {
    return new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return filename;
      }
    };
  }

  ResponseEntity<JsonNode> importFile(String name, String csv) {
    var body = new LinkedMultiValueMap<String, Object>();
    body.add(
        "file",
        new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)) {
          @Override
          public String getFilename() {
            return name;
          }
        });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return admin()
        .postForEntity(
            url(api + "/forms/" + FORM + "/submission-imports"),
            new HttpEntity<>(body, headers),
            JsonNode.class);
  }

  @Test
  void exportsOfKoboToolboxAndOdkCentralImportAsSubmissionsAllOrNothing() throws Exception {
    uploadAndBind();
    tracking.createRound(op, 1, LocalDate.of(2024, 11, 30));

    // ODK Central's flattened headers: an unreadable count and a missing ID refuse the whole file
    ResponseEntity<JsonNode> refused =
        importFile(
            "central.csv",
            """
            SubmissionDate,place_pcode,idps-idp_households,idps-idp_individuals,KEY
            2024-11-20,CAF0101,4,20,uuid:central-1
            2024-11-20,CAF0102,abc,20,uuid:central-2
            2024-11-20,CAF0102,3,20,
            """);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getBody().path("code").asText()).isEqualTo("INVALID_SUBMISSION_IMPORT");
    JsonNode errors = refused.getBody().path("errors");
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).path("row").asInt()).isEqualTo(3);
    assertThat(errors.get(0).path("field").asText()).isEqualTo("idps-idp_households");
    assertThat(errors.get(0).path("value").asText()).isEqualTo("abc");
    assertThat(errors.get(1).path("row").asInt()).isEqualTo(4);
    assertThat(errors.get(1).path("field").asText()).isEqualTo("KEY");
    JsonNode none =
        admin().getForObject(url(api + "/forms/" + FORM + "/submissions"), JsonNode.class);
    assertThat(none.path("total").asInt()).isZero();

    // KoboToolbox's export: group/field headers, _uuid without its prefix, Kobo's own columns
    String kobo =
        """
        start,place_pcode,idps/idp_households,idps/idp_individuals,idps/idp_males,idps/idp_females,_id,_uuid
        2024-11-20,CAF0101,5,20,9,11,1,0f4e2f0c-9c1e-4a8e-9f5e-2c1c1d0e0a01
        2024-11-20,CAF0199,5,20,9,11,2,0f4e2f0c-9c1e-4a8e-9f5e-2c1c1d0e0a02
        """;
    ResponseEntity<JsonNode> imported = importFile("kobo.csv", kobo);
    assertThat(imported.getStatusCode())
        .as(String.valueOf(imported.getBody()))
        .isEqualTo(HttpStatus.OK);
    assertThat(imported.getBody().path("created").asInt()).isEqualTo(2);
    assertThat(imported.getBody().path("ignoredColumns").toString()).contains("start", "_id");

    String good = "uuid:0f4e2f0c-9c1e-4a8e-9f5e-2c1c1d0e0a01";
    JsonNode applied = processed(good);
    assertThat(applied.path("processing").path("processing").asText()).isEqualTo("APPLIED");
    assertThat(applied.path("xml").asText())
        .contains("<idp_households>5</idp_households>", "<instanceID>" + good + "</instanceID>");
    assertThat(
            processed("uuid:0f4e2f0c-9c1e-4a8e-9f5e-2c1c1d0e0a02")
                .path("processing")
                .path("reason")
                .asText())
        .isEqualTo("P-code CAF0199 unknown (field place_pcode)");
    assertThat(assessments(1)).hasSize(1);
    assertThat(assessments(1).get(0).path("figures").get(0).path("individuals").asInt())
        .isEqualTo(20);

    // the same export again: nothing new (idempotent by instanceID)
    JsonNode again = importFile("kobo.csv", kobo).getBody();
    assertThat(again.path("created").asInt()).isZero();
    assertThat(again.path("alreadyPresent").asInt()).isEqualTo(2);
    // the same instanceID with other answers is refused
    ResponseEntity<JsonNode> changed =
        importFile("kobo.csv", kobo.replace(",5,20,9,11,1,", ",6,20,9,11,1,"));
    assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(changed.getBody().path("errors").get(0).path("row").asInt()).isEqualTo(2);
    assertThat(assessments(1)).hasSize(1);

    // a crash between a submission's commit and its application: the row is PENDING, no event
    // will come; the next start applies it
    FormVersions.FormVersion version = versions.latest(op, FORM).orElseThrow();
    byte[] xml = instance("uuid:after-crash", "CAF0102", "2", 7, 3, 4);
    submissions.insertIfNew(
        new Submissions.NewSubmission(
            op,
            FORM,
            VERSION,
            version.id(),
            "uuid:after-crash",
            null,
            null,
            "enum",
            xml,
            MessageDigest.getInstance("SHA-256").digest(xml)));
    assertThat(
            admin()
                .getForObject(url(submission("uuid:after-crash") + "/review"), JsonNode.class)
                .path("processing")
                .path("processing")
                .asText())
        .isEqualTo("PENDING");
    events.publishEvent(
        new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
    assertThat(processed("uuid:after-crash").path("processing").path("processing").asText())
        .isEqualTo("APPLIED");
    assertThat(assessments(1))
        .extracting(a -> a.path("place").asText())
        .containsExactlyInAnyOrder("CAF0101", "CAF0102");
  }

  @Test
  void submissionsArePulledFromTheKoboToolboxDataApiWithAToken() throws Exception {
    uploadAndBind();
    tracking.createRound(op, 1, LocalDate.of(2024, 11, 30));
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer kobo =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String base = "http://127.0.0.1:" + kobo.getAddress().getPort();
    kobo.createContext(
        "/api/v2/assets/aKoboAsset1/data/",
        exchange -> {
          asked.add(exchange.getRequestURI().toString());
          String body;
          int status = 200;
          if (!"Token kobo-secret".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
            body = "{\"detail\": \"Invalid token.\"}";
          } else if (exchange.getRequestURI().getQuery().contains("page=2")) {
            body =
                """
                {"count": 2, "next": null, "results": [
                  {"_id": 2, "place_pcode": "CAF0102", "idps/idp_households": "3",
                   "idps/idp_individuals": "12", "idps/idp_males": "5", "idps/idp_females": "7",
                   "meta/instanceID": "uuid:kobo-2", "_uuid": "kobo-2", "_attachments": []}]}
                """;
          } else {
            body =
                """
                {"count": 2, "next": "%s/api/v2/assets/aKoboAsset1/data/?format=json&page=2",
                 "results": [
                  {"_id": 1, "place_pcode": "CAF0101", "idps/idp_households": 4,
                   "idps/idp_individuals": 20, "idps/idp_males": 9, "idps/idp_females": 11,
                   "meta/instanceID": "uuid:kobo-1", "_uuid": "kobo-1", "_attachments": []}]}
                """
                    .formatted(base);
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    kobo.start();
    try {
      String pulls = api + "/forms/" + FORM + "/kobo-pulls";
      // a host that is not on the allow-list is never called
      ResponseEntity<JsonNode> elsewhere =
          send(
              HttpMethod.POST,
              pulls,
              Map.of(
                  "serverUrl",
                  base.replace("127.0.0.1", "localhost"),
                  "assetUid",
                  "aKoboAsset1",
                  "token",
                  "kobo-secret"));
      assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
      assertThat(elsewhere.getBody().path("errors").get(0).path("field").asText())
          .isEqualTo("serverUrl");
      assertThat(asked).isEmpty();
      ResponseEntity<JsonNode> refused =
          send(
              HttpMethod.POST,
              pulls,
              Map.of("serverUrl", base, "assetUid", "aKoboAsset1", "token", "wrong"));
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
      assertThat(refused.getBody().path("errors").get(0).path("field").asText()).isEqualTo("token");

      ResponseEntity<JsonNode> pulled =
          send(
              HttpMethod.POST,
              pulls,
              Map.of("serverUrl", base + "/", "assetUid", "aKoboAsset1", "token", "kobo-secret"));
      assertThat(pulled.getStatusCode())
          .as(String.valueOf(pulled.getBody()))
          .isEqualTo(HttpStatus.OK);
      assertThat(pulled.getBody().path("created").asInt()).isEqualTo(2);
      assertThat(asked).contains("/api/v2/assets/aKoboAsset1/data/?format=json&page=2");
      assertThat(processed("uuid:kobo-1").path("processing").path("processing").asText())
          .isEqualTo("APPLIED");
      assertThat(processed("uuid:kobo-2").path("processing").path("processing").asText())
          .isEqualTo("APPLIED");
      assertThat(assessments(1))
          .extracting(a -> a.path("place").asText())
          .containsExactlyInAnyOrder("CAF0101", "CAF0102");
      // pulling again adds nothing
      assertThat(
              send(
                      HttpMethod.POST,
                      pulls,
                      Map.of("serverUrl", base, "assetUid", "aKoboAsset1", "token", "kobo-secret"))
                  .getBody()
                  .path("alreadyPresent")
                  .asInt())
          .isEqualTo(2);
    } finally {
      kobo.stop(0);
    }
  }

  @Test
  void submissionsArePulledFromAnOdkCentralODataFeedWithAToken() throws Exception {
    uploadAndBind();
    tracking.createRound(op, 1, LocalDate.of(2024, 11, 30));
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer central =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String base = "http://127.0.0.1:" + central.getAddress().getPort();
    String feed = "/v1/projects/7/forms/" + FORM + ".svc/Submissions";
    central.createContext(
        feed,
        exchange -> {
          asked.add(exchange.getRequestURI().toString());
          String body;
          int status = 200;
          if (!"Bearer central-session"
              .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
            body = "{\"code\": 401.2, \"message\": \"Could not authenticate.\"}";
          } else if (exchange.getRequestURI().getQuery() != null) {
            body =
                """
                {"value": [
                  {"__id": "uuid:central-2", "place_pcode": "CAF0102",
                   "idps": {"idp_households": 3, "idp_individuals": 12, "idp_males": 5,
                            "idp_females": 7},
                   "meta": {"instanceID": "uuid:central-2"}, "__system": {"status": null}}]}
                """;
          } else {
            body =
                """
                {"@odata.context": "%1$s/v1/projects/7/forms/%2$s.svc/$metadata#Submissions",
                 "value": [
                  {"__id": "uuid:central-1", "place_pcode": "CAF0101",
                   "idps": {"idp_households": 4, "idp_individuals": 20, "idp_males": 9,
                            "idp_females": 11},
                   "informants@odata.navigationLink": "Submissions('uuid:central-1')/informants",
                   "meta": {"instanceID": "uuid:central-1"},
                   "__system": {"submitterName": "amina", "status": null}}],
                 "@odata.nextLink": "%1$s/v1/projects/7/forms/%2$s.svc/Submissions?%%24skiptoken=x"}
                """
                    .formatted(base, FORM);
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    central.start();
    try {
      String pulls = api + "/forms/" + FORM + "/central-pulls";
      // a host that is not on the allow-list is never called
      ResponseEntity<JsonNode> elsewhere =
          send(
              HttpMethod.POST,
              pulls,
              Map.of(
                  "serverUrl",
                  base.replace("127.0.0.1", "localhost"),
                  "projectId",
                  7,
                  "token",
                  "central-session"));
      assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
      assertThat(elsewhere.getBody().path("errors").get(0).path("field").asText())
          .isEqualTo("serverUrl");
      assertThat(asked).isEmpty();
      ResponseEntity<JsonNode> refused =
          send(HttpMethod.POST, pulls, Map.of("serverUrl", base, "projectId", 7, "token", "wrong"));
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
      assertThat(refused.getBody().path("errors").get(0).path("field").asText()).isEqualTo("token");

      ResponseEntity<JsonNode> pulled =
          send(
              HttpMethod.POST,
              pulls,
              Map.of("serverUrl", base, "projectId", 7, "token", "central-session"));
      assertThat(pulled.getStatusCode())
          .as(String.valueOf(pulled.getBody()))
          .isEqualTo(HttpStatus.OK);
      assertThat(pulled.getBody().path("created").asInt()).isEqualTo(2);
      assertThat(asked).anyMatch(u -> u.contains("skiptoken"));
      assertThat(processed("uuid:central-1").path("processing").path("processing").asText())
          .isEqualTo("APPLIED");
      assertThat(processed("uuid:central-2").path("processing").path("processing").asText())
          .isEqualTo("APPLIED");
      assertThat(assessments(1))
          .extracting(
              a ->
                  a.path("place").asText()
                      + " "
                      + a.path("figures").get(0).path("individuals").asInt())
          .containsExactlyInAnyOrder("CAF0101 20", "CAF0102 12");
    } finally {
      central.stop(0);
    }
  }
}
