package org.opendtm.collection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.collection.CollectClient.Part;
import org.opendtm.collection.internal.FormVersions;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The OpenRosa server as ODK Collect uses it: Digest on plain HTTP, token URLs, Basic only over
 * HTTPS, form list and download, HEAD and POST of submissions, idempotent retries, and every
 * refusal answered with a message for the enumerator.
 */
@Import(OpenRosaIntegrationTest.Events.class)
class OpenRosaIntegrationTest extends ApiTestSupport {

  static final String OP = "ORA";
  static final String FORM_ID = "site_assessment";
  static final String VERSION = "2024031501";

  /** Collects the events the server publishes. */
  @TestConfiguration
  static class Events {
    final List<SubmissionReceived> received = new CopyOnWriteArrayList<>();

    @EventListener
    void on(SubmissionReceived event) {
      received.add(event);
    }
  }

  @Autowired GeographyManagement geography;
  @Autowired FormVersions forms;
  @Autowired JdbcClient jdbc;
  @Autowired Events events;

  static String xform;

  @BeforeEach
  void fixture() throws IOException {
    if (xform != null && forms.latest(OP, FORM_ID).isPresent()) return;
    xform =
        new String(
            getClass().getResourceAsStream("/collection/site_assessment.xml").readAllBytes(),
            StandardCharsets.UTF_8);
    geography.createOperation(new NewOperation(OP, "OpenRosa test", "CAF"));
    geography.createOperation(new NewOperation("ORB", "Another operation", "CAF"));
    forms.add(OP, FORM_ID, VERSION, "Site assessment", xform, null, null, "test");
    forms.add(
        OP,
        "closed_form",
        "1",
        "Closed form",
        xform.replace(FORM_ID, "closed_form"),
        null,
        null,
        "test");
    jdbc.sql("update collection.form set state = 'CLOSED' where form_id = 'closed_form'").update();
    forms.add(
        "ORB",
        "other_form",
        "1",
        "Other",
        xform.replace(FORM_ID, "other_form"),
        null,
        null,
        "test");
  }

  /** Issues an enumerator through the API, as a manager would. */
  JsonNode enumerator(String operation, String username) {
    ResponseEntity<JsonNode> created =
        admin()
            .postForEntity(
                url("/api/v1/operations/" + operation + "/enumerators"),
                Map.of("username", username, "displayName", "Enumerator " + username),
                JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return created.getBody();
  }

  String server(String operation) {
    return url("/openrosa/" + operation);
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  long rows(String instanceId) {
    return jdbc.sql("select count(*) from collection.submission where instance_id = :id")
        .param("id", instanceId)
        .query(Long.class)
        .single();
  }

  @Test
  void collectListsDownloadsAndSubmitsWithDigest() throws Exception {
    JsonNode issued = enumerator(OP, "enum-digest");
    assertThat(issued.path("serverUrl").asText()).isEqualTo(server(OP));
    CollectClient collect =
        new CollectClient("enum-digest", issued.path("password").asText(), "MD5");

    // Collect asks without credentials first: Digest challenges, MD5 first, never Basic on http
    HttpResponse<byte[]> challenge = new CollectClient().get(server(OP) + "/formList");
    assertThat(challenge.statusCode()).isEqualTo(401);
    List<String> offered = challenge.headers().allValues("WWW-Authenticate");
    assertThat(offered).hasSize(2);
    assertThat(offered.get(0)).startsWith("Digest ").contains("algorithm=MD5", "qop=\"auth\"");
    assertThat(offered.get(1)).contains("algorithm=SHA-256");
    assertThat(text(challenge)).contains("<OpenRosaResponse", "collect user name and password");

    HttpResponse<byte[]> list = collect.get(server(OP) + "/formList?deviceID=collect%3Aabc");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/xml"));
    assertThat(list.headers().firstValue("X-OpenRosa-Version")).contains("1.0");
    assertThat(list.headers().firstValue("Date")).isPresent();
    String body = text(list);
    assertThat(body)
        .contains("<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">")
        .contains("<formID>site_assessment</formID>", "<name>Site assessment</name>")
        .contains("<version>2024031501</version>")
        .contains("<hash>md5:" + FormVersions.md5Hex(xform) + "</hash>")
        .contains("<downloadUrl>" + server(OP) + "/forms/site_assessment/form.xml</downloadUrl>")
        .contains("<manifestUrl>" + server(OP) + "/forms/site_assessment/manifest</manifestUrl>")
        .doesNotContain("closed_form", "other_form");

    HttpResponse<byte[]> download = collect.get(server(OP) + "/forms/site_assessment/form.xml");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(download.body())))
        .isEqualTo(FormVersions.md5Hex(xform));
    HttpResponse<byte[]> manifest = collect.get(server(OP) + "/forms/site_assessment/manifest");
    assertThat(manifest.statusCode()).isEqualTo(200);
    assertThat(text(manifest)).contains("xformsManifest");
    assertThat(collect.get(server(OP) + "/forms/closed_form/form.xml").statusCode()).isEqualTo(404);

    HttpResponse<byte[]> head = collect.head(server(OP) + "/submission?deviceID=collect%3Aabc");
    assertThat(head.statusCode()).isEqualTo(204);
    assertThat(head.headers().firstValue("X-OpenRosa-Version")).contains("1.0");
    assertThat(head.headers().firstValue("X-OpenRosa-Accept-Content-Length")).contains("10485760");

    int before = events.received.size();
    byte[] xml = CollectClient.instance("uuid:digest-1", "Kaga", 12, 100);
    byte[] photo = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> posted =
        collect.submit(
            server(OP) + "/submission?deviceID=collect%3Aabc",
            xml,
            new Part("photo.jpg", "photo.jpg", "image/jpeg", photo));
    assertThat(posted.statusCode()).as(text(posted)).isEqualTo(201);
    assertThat(text(posted)).contains("<OpenRosaResponse", "uuid:digest-1");
    assertThat(rows("uuid:digest-1")).isEqualTo(1);
    var stored =
        jdbc.sql(
                """
                select submitter, device_id, form_version, state, xml from collection.submission
                 where instance_id = 'uuid:digest-1'
                """)
            .query()
            .singleRow();
    assertThat(stored.get("submitter")).isEqualTo("enum-digest");
    assertThat(stored.get("device_id")).isEqualTo("collect:abc");
    assertThat(stored.get("form_version")).isEqualTo(VERSION);
    assertThat(stored.get("state")).isEqualTo("RECEIVED");
    assertThat((byte[]) stored.get("xml")).isEqualTo(xml);
    assertThat(events.received.subList(before, events.received.size()))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.operationCode()).isEqualTo(OP);
              assertThat(event.formId()).isEqualTo(FORM_ID);
              assertThat(event.version()).isEqualTo(VERSION);
              assertThat(event.instanceId()).isEqualTo("uuid:digest-1");
            });

    // a retry (lost answer): accepted again, no new row, no new event; a later post adds a file
    HttpResponse<byte[]> retry =
        collect.submit(
            server(OP) + "/submission",
            xml,
            new Part("photo.jpg", "photo.jpg", "image/jpeg", photo),
            new Part("audio.m4a", "audio.m4a", "audio/mp4", new byte[] {1, 2, 3}));
    assertThat(retry.statusCode()).isEqualTo(202);
    assertThat(text(retry)).contains("already received", "1 attachment(s) added");
    assertThat(rows("uuid:digest-1")).isEqualTo(1);
    assertThat(events.received).hasSize(before + 1);

    // the same instanceID with other content is a conflict the enumerator can understand
    HttpResponse<byte[]> edited =
        collect.submit(
            server(OP) + "/submission", CollectClient.instance("uuid:digest-1", "Kaga", 13, 100));
    assertThat(edited.statusCode()).isEqualTo(409);
    assertThat(firstMessage(edited)).contains("different submission with the same instanceID");

    // the read API shows it with its attachments, and the bytes come back unchanged
    JsonNode view =
        admin()
            .getForObject(
                url(
                    "/api/v1/operations/"
                        + OP
                        + "/forms/site_assessment/submissions/uuid:digest-1"),
                JsonNode.class);
    assertThat(view.path("submission").path("submitter").asText()).isEqualTo("enum-digest");
    assertThat(view.path("xml").asText()).isEqualTo(new String(xml, StandardCharsets.UTF_8));
    assertThat(view.path("attachments")).hasSize(2);
    ResponseEntity<byte[]> attachment =
        admin()
            .getForEntity(
                url(
                    "/api/v1/operations/"
                        + OP
                        + "/forms/site_assessment/submissions/uuid:digest-1/attachments/photo.jpg"),
                byte[].class);
    assertThat(attachment.getBody()).isEqualTo(photo);
    assertThat(attachment.getHeaders().getContentDisposition().isAttachment()).isTrue();

    // deleted on the server: Collect may not send it again
    jdbc.sql(
            "update collection.submission set state = 'DELETED' where instance_id = 'uuid:digest-1'")
        .update();
    assertThat(collect.submit(server(OP) + "/submission", xml).statusCode()).isEqualTo(410);
  }

  @Test
  void digestWithSha256AndReplayProtection() {
    JsonNode issued = enumerator(OP, "enum-sha");
    String password = issued.path("password").asText();
    CollectClient sha = new CollectClient("enum-sha", password, "SHA-256");
    assertThat(sha.get(server(OP) + "/formList").statusCode()).isEqualTo(200);
    // the next request reuses the nonce with the next count, pre-emptively
    assertThat(sha.get(server(OP) + "/formList").statusCode()).isEqualTo(200);

    // a captured header sent again (same nonce, same count) is refused
    CollectClient md5 = new CollectClient("enum-sha", password, "MD5");
    assertThat(md5.get(server(OP) + "/formList").statusCode()).isEqualTo(200);
    String replayed = md5.authorization("GET", "/openrosa/" + OP + "/formList", "00000001");
    HttpResponse<byte[]> replay =
        new CollectClient()
            .send("GET", server(OP) + "/formList", null, null, Map.of("Authorization", replayed));
    assertThat(replay.statusCode()).isEqualTo(401);

    assertThat(
            new CollectClient("enum-sha", "wrong-password", "MD5")
                .get(server(OP) + "/formList")
                .statusCode())
        .isEqualTo(401);
    // the web password is not the collect password, and the admin's web password is no Digest
    assertThat(
            new CollectClient("admin", ADMIN_PASSWORD, "MD5")
                .get(server(OP) + "/formList")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void basicOnlyOverHttps() {
    JsonNode issued = enumerator(OP, "enum-basic");
    String basic =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    ("enum-basic:" + issued.path("password").asText())
                        .getBytes(StandardCharsets.UTF_8));
    CollectClient client = new CollectClient();
    assertThat(
            client
                .send("GET", server(OP) + "/formList", null, null, Map.of("Authorization", basic))
                .statusCode())
        .isEqualTo(401);
    HttpResponse<byte[]> overHttps =
        client.send(
            "GET",
            server(OP) + "/formList",
            null,
            null,
            Map.of("Authorization", basic, "X-Forwarded-Proto", "https"));
    assertThat(overHttps.statusCode()).isEqualTo(200);
    HttpResponse<byte[]> challengeOverHttps =
        client.send(
            "GET", server(OP) + "/formList", null, null, Map.of("X-Forwarded-Proto", "https"));
    assertThat(challengeOverHttps.headers().allValues("WWW-Authenticate"))
        .anySatisfy(value -> assertThat(value).startsWith("Basic "));
  }

  @Test
  void unknownPathsAnswerAnOpenRosaMessageNotJson() {
    JsonNode issued = enumerator(OP, "enum-lost");
    CollectClient collect = new CollectClient("enum-lost", issued.path("password").asText(), "MD5");
    // a server URL typed with one segment too many: Collect shows the first <message>
    for (String path : List.of("/formList/extra", "/nothing-here", "/forms/site_assessment")) {
      HttpResponse<byte[]> lost = collect.get(server(OP) + path);
      assertThat(lost.statusCode()).as(path).isEqualTo(404);
      assertThat(lost.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
      assertThat(lost.headers().firstValue("X-OpenRosa-Version")).contains("1.0");
      assertThat(firstMessage(lost)).as(path).contains("Nothing at", "/openrosa/" + OP);
    }
    // token URLs alike
    CollectClient token = new CollectClient();
    HttpResponse<byte[]> lost = token.get(issued.path("tokenUrl").asText() + "/formlist");
    assertThat(lost.statusCode()).isEqualTo(404);
    assertThat(firstMessage(lost)).contains("Nothing at");
    // still: no credentials, no answer; another operation, 403 as OpenRosa XML
    assertThat(new CollectClient().get(server(OP) + "/nothing-here").statusCode()).isEqualTo(401);
    HttpResponse<byte[]> other = collect.get(server("ORB") + "/nothing-here");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(firstMessage(other)).contains("operation ORB");
  }

  @Test
  void tokenUrlsWorkWithoutPasswordUntilRevoked() {
    JsonNode issued = enumerator(OP, "enum-token");
    String tokenUrl = issued.path("tokenUrl").asText();
    assertThat(tokenUrl).startsWith(server(OP) + "/key/");
    CollectClient collect = new CollectClient();
    HttpResponse<byte[]> list = collect.get(tokenUrl + "/formList");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(text(list)).contains("<downloadUrl>" + tokenUrl + "/forms/site_assessment/form.xml");
    assertThat(collect.get(tokenUrl + "/forms/site_assessment/form.xml").statusCode())
        .isEqualTo(200);
    assertThat(collect.head(tokenUrl + "/submission").statusCode()).isEqualTo(204);
    HttpResponse<byte[]> posted =
        collect.submit(tokenUrl + "/submission", CollectClient.instance("uuid:token-1", "A", 1, 0));
    assertThat(posted.statusCode()).isEqualTo(201);
    assertThat(
            jdbc.sql(
                    "select submitter from collection.submission where instance_id = 'uuid:token-1'")
                .query(String.class)
                .single())
        .isEqualTo("enum-token");

    // the token only opens its own operation
    String elsewhere = tokenUrl.replace("/openrosa/" + OP + "/", "/openrosa/ORB/");
    HttpResponse<byte[]> other = collect.get(elsewhere + "/formList");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(firstMessage(other)).contains("operation ORB");

    ResponseEntity<JsonNode> listed =
        admin().getForEntity(url("/api/v1/operations/" + OP + "/enumerators"), JsonNode.class);
    assertThat(listed.getBody().toString()).contains("enum-token").doesNotContain("password");

    admin()
        .exchange(
            url("/api/v1/operations/" + OP + "/enumerators/enum-token"),
            HttpMethod.DELETE,
            null,
            Void.class);
    HttpResponse<byte[]> revoked = collect.get(tokenUrl + "/formList");
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(firstMessage(revoked)).contains("unknown or was revoked");
  }

  @Test
  void badSubmissionsAreRefusedWithAMessageAndNothingStored() {
    String tokenUrl = enumerator(OP, "enum-bad").path("tokenUrl").asText();
    CollectClient collect = new CollectClient();
    String submission = tokenUrl + "/submission";

    String laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
            + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
            + "<data id=\"site_assessment\" version=\"2024031501\"><site>&lol3;</site>"
            + "<meta><instanceID>uuid:laughs</instanceID></meta></data>";
    long started = System.nanoTime();
    HttpResponse<byte[]> doctype =
        collect.submit(submission, laughs.getBytes(StandardCharsets.UTF_8));
    assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
    assertThat(doctype.statusCode()).isEqualTo(400);
    assertThat(firstMessage(doctype)).contains("DOCTYPE");

    String external =
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<data id=\"site_assessment\"><site>&x;</site>"
            + "<meta><instanceID>uuid:xxe</instanceID></meta></data>";
    assertThat(collect.submit(submission, external.getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(400);

    HttpResponse<byte[]> broken =
        collect.submit(submission, "<data id=\"site_assessment\"><site>".getBytes());
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(firstMessage(broken)).contains("not well-formed");

    HttpResponse<byte[]> noId =
        collect.submit(
            submission,
            "<data id=\"site_assessment\" version=\"2024031501\"><site>A</site></data>".getBytes());
    assertThat(noId.statusCode()).isEqualTo(400);
    assertThat(firstMessage(noId)).contains("instanceID");

    HttpResponse<byte[]> oldVersion =
        collect.submit(
            submission,
            new String(CollectClient.instance("uuid:old", "A", 1, 0), StandardCharsets.UTF_8)
                .replace("2024031501", "1999")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(oldVersion.statusCode()).isEqualTo(400);
    assertThat(firstMessage(oldVersion)).contains("Version 1999", "site_assessment");

    HttpResponse<byte[]> unknownForm =
        collect.submit(
            submission,
            new String(CollectClient.instance("uuid:unknown", "A", 1, 0), StandardCharsets.UTF_8)
                .replace("site_assessment", "no_such_form")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(unknownForm.statusCode()).isEqualTo(400);
    assertThat(firstMessage(unknownForm)).contains("no_such_form");

    HttpResponse<byte[]> closed =
        collect.submit(
            submission,
            new String(CollectClient.instance("uuid:closed", "A", 1, 0), StandardCharsets.UTF_8)
                .replace("site_assessment", "closed_form")
                .replace("2024031501", "1")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(closed.statusCode()).isEqualTo(409);
    assertThat(firstMessage(closed)).contains("closed");

    HttpResponse<byte[]> noXml =
        collect.post(
            submission, List.of(new Part("photo.jpg", "photo.jpg", "image/jpeg", new byte[3])));
    assertThat(noXml.statusCode()).isEqualTo(400);
    assertThat(firstMessage(noXml)).contains("xml_submission_file");

    // over 10 MB: refused from the Content-Length, before the body is read
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    HttpResponse<byte[]> tooLarge =
        collect.submit(
            submission,
            CollectClient.instance("uuid:big", "A", 1, 0),
            new Part("big.jpg", "big.jpg", "image/jpeg", big));
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(firstMessage(tooLarge)).contains("too large");

    assertThat(
            jdbc.sql(
                    """
                    select count(*) from collection.submission
                     where instance_id in ('uuid:laughs', 'uuid:xxe', 'uuid:old', 'uuid:unknown',
                                           'uuid:closed', 'uuid:big')
                    """)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aClosedFormRefusesNewSubmissionsButAcceptsRetries() throws Exception {
    forms.add(
        OP,
        "closing_form",
        "1",
        "Closing",
        xform.replace(FORM_ID, "closing_form"),
        null,
        null,
        "test");
    String submission = enumerator(OP, "enum-closing").path("tokenUrl").asText() + "/submission";
    CollectClient collect = new CollectClient();
    byte[] sent =
        new String(CollectClient.instance("uuid:closing-1", "A", 1, 0), StandardCharsets.UTF_8)
            .replace("site_assessment", "closing_form")
            .replace("2024031501", "1")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(collect.submit(submission, sent).statusCode()).isEqualTo(201);
    jdbc.sql("update collection.form set state = 'CLOSED' where form_id = 'closing_form'").update();
    Thread.sleep(5_100); // form versions are cached for 5 s (docs/openrosa.md)
    HttpResponse<byte[]> formList = collect.get(submission.replace("/submission", "/formList"));
    assertThat(text(formList)).doesNotContain("closing_form");
    assertThat(collect.submit(submission, sent).statusCode()).isEqualTo(202);
    HttpResponse<byte[]> fresh =
        collect.submit(
            submission,
            new String(sent, StandardCharsets.UTF_8)
                .replace("uuid:closing-1", "uuid:closing-2")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(fresh.statusCode()).isEqualTo(409);
    assertThat(firstMessage(fresh)).contains("closed");
    assertThat(rows("uuid:closing-2")).isZero();
  }

  @Test
  void thirtyTwoConcurrentPostsOfOneInstanceMakeOneRow() throws Exception {
    String tokenUrl = enumerator(OP, "enum-burst").path("tokenUrl").asText();
    byte[] xml = CollectClient.instance("uuid:same-32", "Kaga", 5, 5000);
    int before = events.received.size();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 32; i++) {
        answers.add(
            pool.submit(
                () -> {
                  CollectClient client = new CollectClient();
                  start.await();
                  return client.submit(tokenUrl + "/submission", xml).statusCode();
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) statuses.add(answer.get());
      assertThat(Collections.frequency(statuses, 201)).isEqualTo(1);
      assertThat(Collections.frequency(statuses, 202)).isEqualTo(31);
    } finally {
      pool.shutdownNow();
    }
    assertThat(rows("uuid:same-32")).isEqualTo(1);
    assertThat(events.received.size() - before).isEqualTo(1);
  }

  @Test
  void submissionListFiltersAndPages() {
    String tokenUrl = enumerator(OP, "enum-list").path("tokenUrl").asText();
    CollectClient collect = new CollectClient();
    for (int i = 1; i <= 3; i++) {
      assertThat(
              collect
                  .submit(
                      tokenUrl + "/submission", CollectClient.instance("uuid:list-" + i, "S", i, 0))
                  .statusCode())
          .isEqualTo(201);
    }
    String base = "/api/v1/operations/" + OP + "/forms/site_assessment/submissions";
    JsonNode page =
        admin().getForObject(url(base + "?submitter=enum-list&size=2&page=0"), JsonNode.class);
    assertThat(page.path("total").asLong()).isEqualTo(3);
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.path("items").get(0).path("instanceId").asText()).isEqualTo("uuid:list-1");
    JsonNode second =
        admin().getForObject(url(base + "?submitter=enum-list&size=2&page=1"), JsonNode.class);
    assertThat(second.path("items").get(0).path("instanceId").asText()).isEqualTo("uuid:list-3");
    JsonNode future =
        admin()
            .getForObject(
                url(base + "?submitter=enum-list&from=2999-01-01T00:00:00Z"), JsonNode.class);
    assertThat(future.path("total").asLong()).isZero();
    assertThat(
            admin()
                .getForObject(url(base + "?submitter=enum-list&state=APPROVED"), JsonNode.class)
                .path("total")
                .asLong())
        .isZero();
    assertThat(admin().getForEntity(url(base + "?state=BOGUS"), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(admin().getForEntity(url(base + "/uuid:none"), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    // reads are audited
    assertThat(
            jdbc.sql(
                    "select count(*) from access.audit_event where action = 'api.read'"
                        + " and target like '%/submissions%'")
                .query(Long.class)
                .single())
        .isPositive();
  }

  @Test
  void enumeratorNamesAreCheckedAndUnique() {
    enumerator(OP, "enum-once");
    ResponseEntity<JsonNode> again =
        admin()
            .postForEntity(
                url("/api/v1/operations/" + OP + "/enumerators"),
                Map.of("username", "enum-once"),
                JsonNode.class);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    ResponseEntity<JsonNode> bad =
        admin()
            .postForEntity(
                url("/api/v1/operations/" + OP + "/enumerators"),
                Map.of("username", "Bad Name!"),
                JsonNode.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(bad.getBody().path("errors").get(0).path("field").asText()).isEqualTo("username");
    // the stored secrets are ciphertexts, not the HA1 hex
    byte[] stored =
        jdbc.sql("select ha1_md5 from collection.enumerator where username = 'enum-once'")
            .query(byte[].class)
            .single();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotMatch(".*[0-9a-f]{32}.*");
  }

  static String firstMessage(HttpResponse<byte[]> response) {
    String body = text(response);
    assertThat(body).contains("<OpenRosaResponse");
    int start = body.indexOf('>', body.indexOf("<message")) + 1;
    return body.substring(start, body.indexOf("</message>"));
  }
}
