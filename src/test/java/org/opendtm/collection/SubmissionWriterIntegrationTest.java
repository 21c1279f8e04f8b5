package org.opendtm.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opendtm.collection.internal.FormVersions;
import org.opendtm.collection.internal.FormVersions.FormVersion;
import org.opendtm.collection.internal.Submissions.Inserted;
import org.opendtm.collection.internal.Submissions.NewSubmission;
import org.opendtm.collection.internal.openrosa.SubmissionIntake;
import org.opendtm.collection.internal.openrosa.SubmissionWriter;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The group commit of submissions ({@link SubmissionWriter}): many requests at once share
 * transactions, and each still gets the answer it would get alone — exactly one row per instanceID,
 * a retry in the same batch sees the first copy's row, a different XML under a taken instanceID is
 * told apart by its hash.
 */
class SubmissionWriterIntegrationTest extends ApiTestSupport {

  static final AtomicInteger OPERATIONS = new AtomicInteger();

  @Autowired SubmissionWriter writer;
  @Autowired SubmissionIntake intake;
  @Autowired GeographyManagement geography;
  @Autowired FormVersions versions;
  @Autowired JdbcClient jdbc;

  @Test
  void concurrentSubmissionsShareCommitsAndStayExactlyOnce() throws Exception {
    String op = "GRP" + OPERATIONS.incrementAndGet();
    geography.createOperation(new NewOperation(op, "Group commit " + op, "CAF"));
    FormVersion form =
        versions.add(op, "site_assessment", "2024031501", "Site", xform(), null, null, "t");

    // 30 distinct instances, 10 copies of one instance, 10 posts of another with two different XMLs
    List<NewSubmission> posts = new ArrayList<>();
    for (int i = 0; i < 30; i++) posts.add(submission(op, form, "uuid:distinct-" + i, "a"));
    for (int i = 0; i < 10; i++) posts.add(submission(op, form, "uuid:retried", "same"));
    for (int i = 0; i < 10; i++)
      posts.add(submission(op, form, "uuid:contested", i % 2 == 0 ? "x" : "y"));
    long batchesBefore = writer.batches();

    ExecutorService pool = Executors.newFixedThreadPool(posts.size());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Inserted>> answers = new ArrayList<>();
    for (NewSubmission post : posts) {
      Callable<Inserted> call =
          () -> {
            start.await();
            return writer.insertIfNew(post);
          };
      answers.add(pool.submit(call));
    }
    start.countDown();
    List<Inserted> results = new ArrayList<>();
    for (Future<Inserted> answer : answers) results.add(answer.get());
    pool.shutdown();

    Map<String, Long> rows =
        jdbc
            .sql("select instance_id, id from collection.submission where operation_code = :op")
            .param("op", op)
            .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
            .list()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(rows).hasSize(32);

    for (int i = 0; i < 30; i++) {
      assertThat(results.get(i).createdId()).isEqualTo(rows.get("uuid:distinct-" + i));
    }
    // one of the copies created the row, the others were told it was there, with its id
    List<Inserted> retried = results.subList(30, 40);
    assertThat(retried.stream().filter(r -> r.createdId() != null)).hasSize(1);
    assertThat(retried.stream().filter(r -> r.createdId() == null))
        .allSatisfy(
            r -> {
              assertThat(r.existing().id()).isEqualTo(rows.get("uuid:retried"));
              assertThat(r.existing().xmlSha256()).isEqualTo(posts.get(30).xmlSha256());
            });
    // of the contested instanceID, one XML was stored; the answers of the others carry its hash,
    // which is what tells the intake to answer 409 to the other XML
    byte[] storedSha =
        jdbc.sql(
                "select xml_sha256 from collection.submission where operation_code = :op"
                    + " and instance_id = 'uuid:contested'")
            .param("op", op)
            .query(byte[].class)
            .single();
    List<Inserted> contested = results.subList(40, 50);
    assertThat(contested.stream().filter(r -> r.createdId() != null)).hasSize(1);
    assertThat(contested.stream().filter(r -> r.createdId() == null))
        .allSatisfy(r -> assertThat(r.existing().xmlSha256()).isEqualTo(storedSha));

    // grouped: fewer transactions than submissions
    assertThat(writer.batches() - batchesBefore).isLessThan(posts.size());
  }

  @Test
  void submissionsOfAFormWithoutBindingAreRecordedNotAppliedTogether() throws Exception {
    String op = "GRP" + OPERATIONS.incrementAndGet();
    geography.createOperation(new NewOperation(op, "Group commit " + op, "CAF"));
    FormVersion form =
        versions.add(op, "site_assessment", "2024031501", "Site", xform(), null, null, "t");
    for (int i = 0; i < 5; i++) {
      NewSubmission s = submission(op, form, "uuid:unbound-" + i, "v");
      intake.receive(op, "writer-test", null, s.xml(), List.of());
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    List<String> reasons;
    do {
      Thread.sleep(100);
      reasons =
          jdbc.sql(
                  "select coalesce(processing_reason, processing) from collection.submission"
                      + " where operation_code = :op order by id")
              .param("op", op)
              .query(String.class)
              .list();
    } while (reasons.contains("PENDING") && System.nanoTime() < deadline);
    assertThat(reasons).hasSize(5).containsOnly("form site_assessment has no binding yet");
    assertThat(
            jdbc.sql(
                    "select count(*) from collection.submission where operation_code = :op"
                        + " and processing = 'NOT_APPLIED' and processed_at is not null")
                .param("op", op)
                .query(Long.class)
                .single())
        .isEqualTo(5);
  }

  static NewSubmission submission(String op, FormVersion form, String instanceId, String value) {
    byte[] xml =
        ("<data id=\"site_assessment\" version=\"2024031501\"><v>"
                + value
                + "</v><meta><instanceID>"
                + instanceId
                + "</instanceID></meta></data>")
            .getBytes(StandardCharsets.UTF_8);
    try {
      return new NewSubmission(
          op,
          form.formId(),
          form.version(),
          form.id(),
          instanceId,
          null,
          "device",
          "writer-test",
          xml,
          MessageDigest.getInstance("SHA-256").digest(xml));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String xform() throws java.io.IOException {
    return new String(
        SubmissionWriterIntegrationTest.class
            .getResourceAsStream("/collection/site_assessment.xml")
            .readAllBytes(),
        StandardCharsets.UTF_8);
  }
}
