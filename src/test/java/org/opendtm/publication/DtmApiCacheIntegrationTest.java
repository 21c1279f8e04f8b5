package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.OperationSettings;
import org.opendtm.publication.internal.PublicResponseCache;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The DTM API answers from a cache of whole responses: what it serves must never be older than the
 * last committed publication or settings change, and gzip must be served only to clients asking.
 */
class DtmApiCacheIntegrationTest extends PublicationTestSupport {

  @Autowired PublicResponseCache cache;
  @Autowired GeographyManagement geography;
  @Autowired ObjectMapper json;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<byte[]> fetch(String path, boolean gzip) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
    if (gzip) request.header("Accept-Encoding", "gzip, deflate");
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private JsonNode body(HttpResponse<byte[]> response) throws IOException {
    byte[] bytes = response.body();
    if ("gzip".equals(response.headers().firstValue("Content-Encoding").orElse(null))) {
      bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
    }
    return json.readTree(bytes);
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<byte[]> response = fetch(path, false);
    assertThat(response.statusCode()).isEqualTo(200);
    return body(response);
  }

  /**
   * The answers of the previous revision are served until the new revision is protected (and then
   * until computed again in the background): never anything else, and never for long.
   */
  private void awaitAnswer(String path, List<String> before, List<String> after) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (true) {
      List<String> seen = get(path).path("result").findValuesAsText("numPresentIdpInd");
      if (seen.equals(after)) return;
      assertThat(seen).as("an answer between two publications").isEqualTo(before);
      assertThat(System.nanoTime()).as("new revision seen within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void publishingAnotherRoundOrRevisionIsSeenOnceProtected() throws Exception {
    PublicationTestData data =
        PublicationTestData.operation(jdbc, "PUB-CACHE", "Cache Crisis", "XCC", "Cachia", 2)
            .unit(0, "XCC", "Cachia", null)
            .unit(1, "XC01", "North", "XCC")
            .unit(2, "XC0101", "Port", "XC01");
    long round1 = data.round(1, LocalDate.of(2024, 1, 31));
    data.figure(data.assessment(round1, "SA", "XC0101"), "IDP", "Conflict", null, 10, 50, 20, 30);
    publish(data, round1);
    String path = "/dtm/v3/displacement/admin0?Operation=Cache%20Crisis";

    awaitAnswer(path, List.of(), List.of("50"));
    JsonNode first = get(path);
    assertThat(cache.size()).isPositive();
    // same query written differently: same answer (one normalised key)
    assertThat(get("/dtm/v3/displacement/admin0?operation=CACHE%20CRISIS")).isEqualTo(first);

    long round2 = data.round(2, LocalDate.of(2024, 2, 29));
    data.figure(data.assessment(round2, "SA", "XC0101"), "IDP", "Conflict", null, 20, 80, 40, 40);
    publish(data, round2);
    awaitAnswer(path, List.of("50"), List.of("50", "80"));

    // a new revision of round 1 replaces its figures
    data.deleteFigures(round1);
    data.figure(data.assessment(round1, "SA", "XC0101"), "IDP", "Conflict", null, 12, 60, 30, 30);
    publish(data, round1);
    awaitAnswer(path, List.of("50", "80"), List.of("60", "80"));
  }

  @Test
  void theListOfOperationsShowsANewlyPublishedOperationAtOnce() throws Exception {
    String list = "/dtm/v3/displacement/operation-list";
    assertThat(get(list).path("result").findValuesAsText("operation"))
        .doesNotContain("Newer Crisis");
    get("/dtm/v3/displacement/country-list"); // both now in the cache
    PublicationTestData other =
        PublicationTestData.operation(jdbc, "PUB-CACHE-NW", "Newer Crisis", "XNW", "Newia", 2)
            .unit(0, "XNW", "Newia", null)
            .unit(1, "XN01", "North", "XNW");
    long round = other.round(1, LocalDate.of(2024, 1, 31));
    other.figure(other.assessment(round, "SA", "XN01"), "IDP", "Conflict", null, 1, 5, 2, 3);
    publish(other, round);
    assertThat(get(list).path("result").findValuesAsText("operation")).contains("Newer Crisis");
    assertThat(
            get("/dtm/v3/displacement/country-list").path("result").findValuesAsText("admin0Name"))
        .contains("Newia");
  }

  @Test
  void aPublicationRolledBackLeavesTheCachedAnswerAsItWas() throws Exception {
    PublicationTestData data =
        PublicationTestData.operation(jdbc, "PUB-CACHE-RB", "Rollback Crisis", "XRB", "Rolla", 2)
            .unit(0, "XRB", "Rolla", null)
            .unit(1, "XR01", "East", "XRB")
            .unit(2, "XR0101", "Bay", "XR01");
    long round1 = data.round(1, LocalDate.of(2024, 1, 31));
    data.figure(data.assessment(round1, "SA", "XR0101"), "IDP", null, null, 10, 40, null, null);
    publish(data, round1);
    String path = "/dtm/v3/displacement/admin0?Operation=Rollback%20Crisis";
    assertThat(get(path).path("totalRecordsCount").asInt()).isEqualTo(1);
    long round2 = data.round(2, LocalDate.of(2024, 2, 29));
    data.figure(data.assessment(round2, "SA", "XR0101"), "IDP", null, null, 10, 45, null, null);
    transactions.executeWithoutResult(
        status -> {
          publishInCurrentTransaction(data, round2);
          status.setRollbackOnly();
        });
    assertThat(get(path).path("totalRecordsCount").asInt()).isEqualTo(1);
  }

  @Test
  void gzipOnlyForClientsThatAskAndTheSameJsonEitherWay() throws Exception {
    PublicationTestData data =
        PublicationTestData.operation(jdbc, "PUB-CACHE-GZ", "Gzip Crisis", "XGZ", "Gzipia", 2)
            .unit(0, "XGZ", "Gzipia", null)
            .unit(1, "XG01", "West", "XGZ")
            .unit(2, "XG0101", "Hill", "XG01");
    long round1 = data.round(1, LocalDate.of(2024, 1, 31));
    data.figure(data.assessment(round1, "BA", "XG0101"), "IDP", "Economic", null, 3, 15, 7, 8);
    publish(data, round1);
    String path = "/dtm/v3/displacement/admin2?Operation=Gzip%20Crisis";

    for (int i = 0; i < 2; i++) { // computed, then from the cache
      HttpResponse<byte[]> plain = fetch(path, false);
      HttpResponse<byte[]> gzip = fetch(path, true);
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(gzip.headers().firstValue("Content-Encoding")).contains("gzip");
      assertThat(gzip.headers().firstValue("Vary").orElse("")).contains("Accept-Encoding");
      assertThat(body(gzip)).isEqualTo(body(plain));
      assertThat(body(plain).path("result").get(0).path("admin2Pcode").asText())
          .isEqualTo("XG0101");
    }
  }

  @Test
  void aSettingsChangeIsSeenAtOnce() throws Exception {
    PublicationTestData data =
        PublicationTestData.operation(jdbc, "PUB-CACHE-LV", "Level Crisis", "XLV", "Levelia", 2)
            .unit(0, "XLV", "Levelia", null)
            .unit(1, "XV01", "South", "XLV")
            .unit(2, "XV0101", "Dale", "XV01");
    long round1 = data.round(1, LocalDate.of(2024, 1, 31));
    data.figure(data.assessment(round1, "SA", "XV0101"), "IDP", null, null, 5, 25, null, null);
    publish(data, round1);
    String path = "/dtm/v3/displacement/admin2?Operation=Level%20Crisis";
    assertThat(get(path).path("totalRecordsCount").asInt()).isEqualTo(1);

    OperationSettings defaults = OperationSettings.defaults();
    geography.updateSettings(
        "PUB-CACHE-LV",
        new OperationSettings(
            defaults.minHouseholdSize(),
            defaults.maxHouseholdSize(),
            defaults.changeThreshold(),
            defaults.changeMinimumIndividuals(),
            1,
            defaults.suppressionThreshold()));
    assertThat(get(path).path("totalRecordsCount").asInt()).isZero();
  }
}
