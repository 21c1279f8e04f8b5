package org.opendtm.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.BrowserTestSupport;
import org.opendtm.tracking.TrackingManagement;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * A team lead in a real browser: from the operation's bar, "Round 1 (collecting)" leads to the
 * round's collection page, which shows the places expected by the assignment list, each
 * enumerator's row and the places they have not visited yet.
 */
class CollectionBrowserIntegrationTest extends BrowserTestSupport {

  private static final String OP = "FIELD";

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;

  @BeforeAll
  void fixture() {
    var op = geography.createOperation(new NewOperation(OP, "Fieldwork", "CAF"));
    geography.createProvisionalUnits(
        op.id(),
        List.of(
            new NewAdminUnit(0, "CAF", "Central African Republic", null),
            new NewAdminUnit(1, "CAF01", "Bamingui", "CAF"),
            new NewAdminUnit(2, "CAF0101", "Kaga", "CAF01"),
            new NewAdminUnit(2, "CAF0102", "Ndele", "CAF01")));
    tracking.createRound(OP, 1, LocalDate.of(2024, 11, 30));
    for (String username : List.of("field.amina", "field.bello")) {
      assertThat(
              admin()
                  .postForEntity(
                      url("/api/v1/operations/" + OP + "/enumerators"),
                      Map.of("username", username, "displayName", "Enumerator " + username),
                      String.class)
                  .getStatusCode())
          .isEqualTo(HttpStatus.CREATED);
    }
    assertThat(
            admin()
                .exchange(
                    url("/api/v1/operations/" + OP + "/rounds/1/assignments"),
                    HttpMethod.PUT,
                    new HttpEntity<>(
                        Map.of(
                            "assignments",
                            List.of(
                                Map.of("enumerator", "field.amina", "place", "CAF0101"),
                                Map.of("enumerator", "field.amina", "place", "CAF0102"),
                                Map.of("enumerator", "field.bello", "place", "CAF0102")))),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void theOperationBarLeadsToTheRoundsCollectionPage() {
    open("/app/operations/" + OP + "/rounds/1/review");
    WebElement round =
        all(By.cssSelector(".operation-nav a")).stream()
            .filter(a -> a.getText().equals("Round 1 (collecting)"))
            .findFirst()
            .orElseThrow();
    round.click();
    waitFor(By.id("enumerators"));
    assertThat(browser.getCurrentUrl()).endsWith("/app/operations/" + OP + "/rounds/1/collection");
    assertThat(browser.findElement(By.id("places-summary")).getText())
        .contains("0 of 2 expected places visited", "assignment list of round 1");
    List<WebElement> rows = all(By.cssSelector("#enumerators tbody tr"));
    assertThat(rows).hasSize(2);
    WebElement amina =
        browser.findElement(By.cssSelector("#enumerators tr[data-enumerator='field.amina']"));
    assertThat(amina.getText()).contains("Enumerator field.amina", "0 of 2", "CAF0101", "CAF0102");
    assertThat(browser.findElement(By.id("progress-csv")).getAttribute("href"))
        .endsWith("/api/v1/operations/" + OP + "/rounds/1/collection-progress.csv");
    assertThat(browser.findElement(By.cssSelector(".operation-nav a[aria-current=page]")).getText())
        .isEqualTo("Round 1 (collecting)");
    // the page's link back to the round's review
    browser.findElement(By.linkText("Review of round 1")).click();
    waitUntil(d -> d.getCurrentUrl().endsWith("/rounds/1/review"));
  }
}
