package org.opendtm.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.access.OperationRole;
import org.opendtm.access.UserManagement;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;

/** Jobs over HTTP: async imports and publication, progress, failure, restart, who sees what. */
class JobsIntegrationTest extends ApiTestSupport {

  private static final String PASSWORD = "jobs-password-123";
  private static final String OP = "JOBS";

  private static final String GOOD =
      "Admin 2,IDP HH,IDP Ind\n#adm2+pcode,#affected+idp+hh,#affected+idp+ind\n"
          + "CAF0101,20,100\nCAF0102,30,150\n";

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired UserManagement users;
  @Autowired JobManagement jobs;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void fixture() {
    if (geography.findOperation(OP).isPresent()) return;
    var op = geography.createOperation(new NewOperation(OP, "Jobs", "CAF"));
    geography.createOperation(new NewOperation("JOBS-OTHER", "Jobs elsewhere", "CAF"));
    geography.createProvisionalUnits(
        op.id(),
        List.of(
            new NewAdminUnit(0, "CAF", "Central African Republic", null),
            new NewAdminUnit(1, "CAF01", "Bamingui", "CAF"),
            new NewAdminUnit(2, "CAF0101", "Kaga", "CAF01"),
            new NewAdminUnit(2, "CAF0102", "Ndele", "CAF01")));
    for (int n = 1; n <= 4; n++) tracking.createRound(OP, n, LocalDate.of(2024, n, 28));
    user("jobs-manager", OP, OperationRole.MANAGER);
    user("jobs-manager2", OP, OperationRole.MANAGER);
    user("jobs-reviewer", OP, OperationRole.REVIEWER);
    user("jobs-partner", OP, OperationRole.PARTNER);
    user("jobs-outsider", "JOBS-OTHER", OperationRole.MANAGER);
  }

  private void user(String name, String operation, OperationRole role) {
    users.createUser(name, PASSWORD, false);
    users.grant(name, operation, role);
  }

  private TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, PASSWORD);
  }

  @Test
  void anAsyncImportAnswers202AndItsJobReportsPhasesAndTheImportReport() {
    var accepted = upload(as("jobs-manager"), 1, "good.csv", GOOD, "?async=true", null);
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String location = accepted.getHeaders().getLocation().toString();
    assertThat(location).startsWith("/api/v1/jobs/");
    assertThat(accepted.getBody().path("kind").asText()).isEqualTo("assessment-import");
    assertThat(accepted.getBody().path("owner").asText()).isEqualTo("jobs-manager");
    assertThat(accepted.getBody().path("description").asText()).isEqualTo("good.csv");

    JsonNode job = awaitFinished(as("jobs-manager"), location);
    assertThat(job.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(job.path("result").path("rowsRead").asLong()).isEqualTo(2);
    assertThat(job.path("result").path("assessmentsCreated").asLong()).isEqualTo(2);
    // the importer's and validation's PhaseTimer laps were counted as the job's phases
    int phases = job.path("progress").path("done").asInt();
    assertThat(phases).isGreaterThan(5);
    assertThat(job.path("progress").path("total").asInt()).isEqualTo(phases);
    assertThat(job.path("progress").path("phase").asText()).isEqualTo("report");
    assertThat(job.path("startedAt").isNull()).isFalse();
    assertThat(job.path("finishedAt").isNull()).isFalse();
    // stored: the work ran in its own transaction, which committed
    assertThat(tracking.listAssessments(OP, 1, null, null, 0, 10).items()).hasSize(2);

    // the next job of the kind expects as many phases as this one went through
    var next = upload(as("jobs-manager"), 1, "again.csv", GOOD, "", "respond-async");
    assertThat(next.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(next.getBody().path("progress").path("total").asInt()).isEqualTo(phases);
    assertThat(
            awaitFinished(as("jobs-manager"), next.getHeaders().getLocation().toString())
                .path("state")
                .asText())
        .isEqualTo("SUCCEEDED");
  }

  @Test
  void aFailedJobKeepsTheProblemWithEveryRowAndStoresNothing() {
    String bad =
        "Admin 2,IDP HH,IDP Ind\n#adm2+pcode,#affected+idp+hh,#affected+idp+ind\n"
            + "CAF0101,20,-5\nCAF0102,x,150\n";
    var accepted = upload(as("jobs-manager"), 2, "bad.csv", bad, "?async=true", null);
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    JsonNode job =
        awaitFinished(as("jobs-manager"), accepted.getHeaders().getLocation().toString());
    assertThat(job.path("state").asText()).isEqualTo("FAILED");
    assertThat(job.path("result").isNull()).isTrue();
    JsonNode problem = job.path("error");
    assertThat(problem.path("code").asText()).isEqualTo("INVALID_ASSESSMENT_FILE");
    assertThat(problem.path("status").asInt()).isEqualTo(422);
    assertThat(problem.path("errors").findValuesAsText("row")).contains("3", "4");
    assertThat(tracking.listAssessments(OP, 2, null, null, 0, 10).items()).isEmpty();
  }

  @Test
  void aWrongRoundIsRefusedAtOnceNotByTheJob() {
    var refused = upload(as("jobs-manager"), 99, "good.csv", GOOD, "?async=true", null);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void publishingAsyncRunsAsTheSubmitterAndPublishesTheRound() {
    var imported = upload(as("jobs-manager"), 3, "good.csv", GOOD, "", null);
    assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    HttpHeaders headers = new HttpHeaders();
    headers.set("Prefer", "respond-async");
    var accepted =
        as("jobs-reviewer")
            .postForEntity(
                url("/api/v1/operations/" + OP + "/rounds/3/publish"),
                new HttpEntity<>(Map.of("justification", "accepted as is"), headers),
                JsonNode.class);
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(accepted.getHeaders().getFirst("Preference-Applied")).isEqualTo("respond-async");
    JsonNode job =
        awaitFinished(as("jobs-reviewer"), accepted.getHeaders().getLocation().toString());
    assertThat(job.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(job.path("result").path("revision").asInt()).isEqualTo(1);
    // the revision records the submitter, read from the job's security context
    assertThat(job.path("result").path("publishedBy").asText()).isEqualTo("jobs-reviewer");
    assertThat(tracking.getRound(OP, 3).status().name()).isEqualTo("PUBLISHED");
    // validation, flags, totals and the aggregates (the RoundPublished listener's own phases)
    // were all part of the job
    assertThat(job.path("progress").path("done").asInt()).isGreaterThan(5);
    assertThat(job.path("progress").path("phase").asText())
        .isEqualTo("aggregates (RoundPublished)");
  }

  @Test
  void jobsAreSeenByTheirOwnerAndHoldersOfTheRightOnly() {
    var accepted = upload(as("jobs-manager"), 4, "good.csv", GOOD, "?async=true", null);
    String location = accepted.getHeaders().getLocation().toString();
    awaitFinished(as("jobs-manager"), location);

    assertThat(as("jobs-manager2").getForEntity(url(location), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.OK); // holds IMPORT_ASSESSMENTS in the operation
    assertThat(admin().getForEntity(url(location), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    for (String user : List.of("jobs-reviewer", "jobs-partner", "jobs-outsider")) {
      var hidden = as(user).getForEntity(url(location), JsonNode.class);
      assertThat(hidden.getStatusCode()).as(user).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(hidden.getBody().path("code").asText()).isEqualTo("JOB_NOT_FOUND");
    }
    assertThat(anonymous.getForEntity(url(location), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    String unknown = "/api/v1/jobs/" + UUID.randomUUID();
    assertThat(admin().getForEntity(url(unknown), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    String list = "/api/v1/operations/" + OP + "/jobs";
    JsonNode managers = as("jobs-manager2").getForEntity(url(list), JsonNode.class).getBody();
    assertThat(managers.findValuesAsText("id")).contains(location.substring(13));
    JsonNode reviewers = as("jobs-reviewer").getForEntity(url(list), JsonNode.class).getBody();
    assertThat(reviewers.findValuesAsText("kind")).doesNotContain("assessment-import");
    assertThat(as("jobs-partner").getForEntity(url(list), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void jobsLeftRunningByADeadServerAreMarkedFailedAtStart() {
    UUID running = UUID.randomUUID();
    UUID queued = UUID.randomUUID();
    UUID done = UUID.randomUUID();
    for (var row :
        List.of(
            Map.entry(running, "RUNNING"),
            Map.entry(queued, "QUEUED"),
            Map.entry(done, "SUCCEEDED"))) {
      jdbc.sql(
              """
              insert into platform.job (id, kind, operation_code, owner, state)
              values (:id, 'publish', :op, 'admin', :state)
              """)
          .param("id", row.getKey())
          .param("op", OP)
          .param("state", row.getValue())
          .update();
    }
    assertThat(jobs.failInterruptedJobs()).isGreaterThanOrEqualTo(2);
    for (UUID id : List.of(running, queued)) {
      Job job = jobs.getJob(id);
      assertThat(job.state()).isEqualTo(JobState.FAILED);
      assertThat(job.error().path("code").asText()).isEqualTo("JOB_INTERRUPTED");
      assertThat(job.error().path("detail").asText()).contains("interrupted by a restart");
      assertThat(job.finishedAt()).isNotNull();
    }
    assertThat(jobs.getJob(done).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void outsideAJobPhasesReportNothing() {
    assertThat(JobProgress.inJob()).isFalse();
    JobProgress.phaseFinished("nothing listens"); // no job: no effect, no failure
  }

  private ResponseEntity<JsonNode> upload(
      TestRestTemplate client,
      int round,
      String name,
      String content,
      String query,
      String prefer) {
    var body = new LinkedMultiValueMap<String, Object>();
    body.add(
        "file",
        new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)) {
          @Override
          public String getFilename() {
            return name;
          }
        });
    body.add("assessmentType", "SA");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    if (prefer != null) headers.set("Prefer", prefer);
    return client.postForEntity(
        url("/api/v1/operations/" + OP + "/rounds/" + round + "/imports" + query),
        new HttpEntity<>(body, headers),
        JsonNode.class);
  }

  private JsonNode awaitFinished(TestRestTemplate client, String location) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      var response = client.getForEntity(url(location), JsonNode.class);
      assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
      String state = response.getBody().path("state").asText();
      if (state.equals("SUCCEEDED") || state.equals("FAILED")) return response.getBody();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("job " + location + " did not finish in 60 s");
  }
}
