package org.opendtm.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.BrowserTestSupport;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.ImportOptions;
import org.opendtm.tracking.TrackingManagement;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * An officer in a real browser: justifies a warning and corrects an error inline, publishes the
 * round and watches the progress bar finish and the public figures change, uploads a bad file and
 * sees its errors by row and field.
 */
class ReviewBrowserIntegrationTest extends BrowserTestSupport {

  private static final String OP = "BROWSE";
  private static final String OP_NAME = "Browser review";

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;

  @BeforeAll
  void fixture() throws IOException {
    var op = geography.createOperation(new NewOperation(OP, OP_NAME, "CAF"));
    geography.createProvisionalUnits(
        op.id(),
        List.of(
            new NewAdminUnit(0, "CAF", "Central African Republic", null),
            new NewAdminUnit(1, "CAF01", "Bamingui", "CAF"),
            new NewAdminUnit(2, "CAF0101", "Kaga", "CAF01"),
            new NewAdminUnit(2, "CAF0102", "Ndele", "CAF01")));
    String header =
        "Admin 2,HH,Ind,M,F\n"
            + "#adm2+pcode,#affected+idp+hh,#affected+idp+ind,#affected+idps+m,#affected+idps+f\n";
    tracking.createRound(OP, 1, LocalDate.of(2024, 1, 31));
    load(1, header + "CAF0101,200,1000,,\nCAF0102,80,400,,\n");
    tracking.publish(OP, 1, null, "admin");
    tracking.createRound(OP, 2, LocalDate.of(2024, 2, 29));
    // Kaga: males and females sum to 1,100, individuals 1,000 (an error);
    // Ndele: 400 people in 4 households (a household-size warning)
    load(2, header + "CAF0101,200,1000,500,600\nCAF0102,4,400,,\n");
    tracking.submitForReview(OP, 2, "admin");
    tracking.createRound(OP, 3, LocalDate.of(2024, 3, 31));
  }

  private void load(int round, String csv) throws IOException {
    Path file = Files.createTempFile("browser-review", ".csv");
    try {
      Files.writeString(file, csv);
      tracking.importAssessments(
          OP,
          round,
          file,
          new ImportOptions("r" + round + ".csv", null, AssessmentType.SA, "admin"));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void reviewJustifyCorrectAndPublishWithAProgressBar() throws IOException {
    String review = "/app/operations/" + OP + "/rounds/2/review";
    open(review);
    assertThat(waitFor(By.cssSelector("main h1")).getText()).contains("Review of round 2");
    assertThat(browser.findElement(By.id("collection")).getText())
        .contains("2 places assessed", "of 2 assessed in round 1");
    assertThat(browser.findElement(By.cssSelector("#collection-progress")).getAttribute("value"))
        .isEqualTo("100");
    WebElement warnings =
        browser.findElement(By.cssSelector(".flag-group[data-rule=HOUSEHOLD_SIZE]"));
    WebElement errors = browser.findElement(By.cssSelector(".flag-group[data-rule=BREAKDOWN_SUM]"));
    assertThat(errors.getText()).contains("Error", "1 flags, 1 open");
    // what publishing will change: Bamingui from 1,400 to 1,400, by admin 1
    assertThat(browser.findElement(By.id("publish-preview")).getText())
        .contains("Bamingui (CAF01)", "1,400");
    screenshot("round-review");

    // justify the warning inline: the row changes, the page does not
    WebElement warning = warnings.findElement(By.cssSelector("tr.flag"));
    String warningId = warning.getAttribute("id");
    warning.findElement(By.name("justification")).sendKeys("Collective centre: one household");
    warning.findElement(By.cssSelector("form.justify button")).click();
    waitUntil(
        d -> d.findElement(By.id(warningId)).getAttribute("class").contains("flag-JUSTIFIED"));
    WebElement justified = browser.findElement(By.id(warningId));
    assertThat(justified.getText()).contains("Justified", "Collective centre: one household");
    assertThat(browser.getCurrentUrl()).endsWith(review);

    // resolve the error: compare with round 1, correct individuals to 1,100
    WebElement error =
        browser.findElement(By.cssSelector(".flag-group[data-rule=BREAKDOWN_SUM] tr.flag"));
    error.findElement(By.cssSelector("button.compare")).click();
    WebElement comparison = waitFor(By.id("comparison-panel"));
    assertThat(comparison.getText()).contains("Round 2", "Round 1", "1,000");
    WebElement individuals = comparison.findElement(By.id("individuals0"));
    individuals.clear();
    individuals.sendKeys("1100");
    screenshot("round-review-correction");
    comparison.findElement(By.cssSelector("#correction button[type=submit]")).click();
    // the page reloads after the correction: the error is resolved, nothing blocks publishing
    waitUntil(d -> d.findElements(By.id("comparison-panel")).isEmpty());
    waitFor(By.id("publish-form"));
    assertThat(browser.findElement(By.cssSelector("#flags")).getText()).contains("0 open errors");
    assertThat(
            tracking.getAssessment(OP, 2, assessmentOf("CAF0101")).figures().get(0).individuals())
        .isEqualTo(1100);

    // publish: the progress bar follows the job until it has finished
    assertThat(dtmIdps(2)).isNull();
    browser.findElement(By.id("publish-button")).click();
    WebElement job = waitFor(By.cssSelector("#publish-job .job"));
    assertThat(job.findElement(By.cssSelector("progress")).isDisplayed()).isTrue();
    waitUntil(
        d -> !d.findElements(By.cssSelector("#publish-job .job[data-state=SUCCEEDED]")).isEmpty());
    WebElement done = browser.findElement(By.cssSelector("#publish-job .job"));
    assertThat(done.findElement(By.cssSelector("progress")).getAttribute("value")).isEqualTo("100");
    assertThat(done.getText()).contains("Published: revision 1");
    screenshot("round-review-published");
    // the public figures changed: round 2 is in the DTM API now, with the corrected total
    assertThat(dtmIdps(2)).isEqualTo(1500);
    open(review);
    assertThat(waitFor(By.id("round-status")).getText()).isEqualTo("Published");
  }

  @Test
  void aBadUploadShowsItsMappingThenItsRowErrors() throws IOException {
    open("/app/operations/" + OP + "/imports");
    new Select(waitFor(By.id("target"))).selectByValue("3");
    Path bad = Files.createTempFile("bad-upload", ".csv");
    try {
      Files.writeString(
          bad,
          "Admin 2,IDP HH,IDP Ind,Notes\n"
              + "#adm2+pcode,#affected+idp+hh,#affected+idp+ind,#meta+notes\n"
              + "CAF0101,20,-5,negative\n"
              + "CAF0109,x,150,unknown place and not a number\n"
              + "CAF0102,10,50,fine\n");
      browser.findElement(By.id("file")).sendKeys(bad.toAbsolutePath().toString());
      browser.findElement(By.cssSelector("#upload-form button[type=submit]")).click();
    } finally {
      // the browser has sent it; the server keeps its own copy
    }
    WebElement mapping = waitFor(By.id("column-mapping"));
    assertThat(mapping.getText())
        .contains(
            "admin 2 P-code", "IDP individuals", "ignored: tag not used by assessment imports");
    assertThat(browser.findElement(By.id("sample-rows")).getText()).contains("CAF0109");
    screenshot("import-preview");
    browser.findElement(By.id("confirm-import")).click();

    waitUntil(d -> !d.findElements(By.cssSelector(".job[data-state=FAILED]")).isEmpty());
    WebElement failed = browser.findElement(By.cssSelector(".job"));
    assertThat(failed.findElement(By.cssSelector(".job-problem")).getText())
        .contains("nothing was imported");
    List<WebElement> rows = failed.findElements(By.cssSelector("table.job-errors tbody tr"));
    assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
    assertThat(rows.get(0).getText()).startsWith("3");
    assertThat(failed.getText()).contains("-5", "CAF0109");
    screenshot("import-errors");

    String csvLink = failed.findElement(By.cssSelector("a.download-errors")).getAttribute("href");
    var csv = admin().getForEntity(csvLink, String.class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getBody()).startsWith("row,field,value,reason").contains("3,", "CAF0109");
    assertThat(tracking.listAssessments(OP, 3, null, null, 0, 10).items()).isEmpty();
    Files.deleteIfExists(bad);
  }

  @Test
  void thePlacePageShowsHistoryLatestAssessmentAndChildren() {
    open("/app/operations/" + OP + "/places/CAF01");
    assertThat(waitFor(By.cssSelector("main h1")).getText()).contains("Bamingui", "CAF01");
    assertThat(browser.findElement(By.id("children")).getText()).contains("Kaga (CAF0101)");
    browser.findElement(By.linkText("Kaga (CAF0101)")).click();
    assertThat(waitFor(By.cssSelector("main h1")).getText()).contains("Kaga");
    assertThat(browser.findElement(By.id("history")).getText()).contains("1,000");
    assertThat(browser.findElement(By.id("latest-figures")).getText()).contains("IDP");
    assertThat(browser.findElement(By.id("place-chart")).getAttribute("aria-label"))
        .contains("IDPs and returnees");
  }

  @Test
  void aRepeatedRowIsResolvedByRemovingOneOfItsLines() throws IOException {
    // round 3 (collecting): Ndele's row twice in the file, one assessment with two equal lines
    load(
        3,
        "Admin 2,HH,Ind\n#adm2+pcode,#affected+idp+hh,#affected+idp+ind\n"
            + "CAF0101,200,1000\nCAF0102,80,400\nCAF0102,80,400\n");
    open("/app/operations/" + OP + "/rounds/3/review");
    WebElement duplicate =
        waitFor(By.cssSelector(".flag-group[data-rule=DUPLICATE_PLACE] tr.flag"));
    duplicate.findElement(By.cssSelector("button.compare")).click();
    waitFor(By.id("comparison-panel"));
    // removing every line is refused, and nothing changes
    browser.findElement(By.id("remove0")).click();
    browser.findElement(By.id("remove1")).click();
    browser.findElement(By.cssSelector("#correction button[type=submit]")).click();
    assertThat(waitFor(By.cssSelector("#correction-problem .alert")).getText())
        .contains("Keep at least one line");
    long ndele = tracking.listAssessments(OP, 3, null, "CAF0102", 0, 1).items().get(0).id();
    assertThat(tracking.getAssessment(OP, 3, ndele).figures()).hasSize(2);
    // removing the repeated line resolves the error
    browser.findElement(By.id("remove0")).click();
    browser.findElement(By.cssSelector("#correction button[type=submit]")).click();
    waitUntil(d -> d.findElements(By.id("comparison-panel")).isEmpty());
    assertThat(waitFor(By.cssSelector("#flags")).getText()).contains("0 open errors");
    assertThat(tracking.getAssessment(OP, 3, ndele).figures())
        .singleElement()
        .satisfies(f -> assertThat(f.individuals()).isEqualTo(400));
    // round 3 is empty again for the other tests (they run in any order)
    tracking
        .listAssessments(OP, 3, null, null, 0, 10)
        .items()
        .forEach(a -> tracking.deleteAssessment(OP, 3, a.id()));
  }

  private long assessmentOf(String place) {
    return tracking.listAssessments(OP, 2, null, place, 0, 1).items().get(0).id();
  }

  /** IDPs of the round at admin 0 in the public DTM API, or null when it is not published. */
  private Long dtmIdps(int round) {
    JsonNode body =
        anonymous.getForObject(
            url("/dtm/v3/displacement/admin0?Operation=" + OP_NAME), JsonNode.class);
    for (JsonNode record : body.path("result")) {
      if (record.path("roundNumber").asInt() == round) {
        return record.path("numPresentIdpInd").asLong();
      }
    }
    return null;
  }
}
