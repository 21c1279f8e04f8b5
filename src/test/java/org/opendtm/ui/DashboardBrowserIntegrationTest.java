package org.opendtm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opendtm.support.BrowserTestSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo operation's dashboard in a real browser: the operations list, the map drawn from the
 * boundaries, switching round and admin level, the downloads, and the public page without login.
 * Screenshots go to target/screenshots and, with OPENDTM_DOC_SCREENSHOTS=true, docs/screenshots.
 */
@TestPropertySource(properties = "opendtm.demo.enabled=true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIntegrationTest extends BrowserTestSupport {

  private static final String DEMO = "LAKELAND";

  @Test
  @Order(1)
  void operationsListShowsTheDemoWithItsLatestRoundAndTrend() throws Exception {
    open("/app");
    WebElement row = waitFor(By.cssSelector("#operations tr[data-operation='" + DEMO + "']"));
    assertThat(row.getText()).contains("Round 12");
    assertThat(row.findElement(By.cssSelector("td.idps")).getText()).matches("[0-9,]+");
    assertThat(row.findElements(By.cssSelector(".change .visually-hidden"))).hasSize(1);
    save("operations");
    row.findElement(By.cssSelector("a")).click();
    waitFor(By.id("headline-idps"));
    assertThat(browser.getCurrentUrl()).endsWith("/app/operations/" + DEMO);
  }

  @Test
  @Order(2)
  void switchingRoundAndAdminLevelChangesFiguresMapAndTable() throws Exception {
    open("/app/operations/" + DEMO);
    int featuresAtAdmin1 = mapFeatures();
    String latestCaption = text("round-caption");
    String latestIdps = text("headline-idps");
    int rowsAtAdmin1 = all(By.cssSelector("#areas tbody tr")).size();
    assertThat(featuresAtAdmin1).isEqualTo(rowsAtAdmin1).isGreaterThan(3);
    // the header's switcher shows the open operation
    assertThat(
            new Select(browser.findElement(By.id("operation-switch")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo(DEMO);
    // the operation's bar leads a newcomer to the round left in review and to the imports
    List<String> operationPages =
        all(By.cssSelector(".operation-nav a")).stream().map(WebElement::getText).toList();
    assertThat(operationPages).containsExactly("Dashboard", "Review round 13", "Imports");
    assertThat(browser.findElement(By.cssSelector(".operation-nav a[aria-current=page]")).getText())
        .isEqualTo("Dashboard");
    // sites of the demo are drawn, clustered
    waitUntil(d -> d.findElement(By.id("map")).getAttribute("data-sites-shown") != null);
    assertThat(Integer.parseInt(browser.findElement(By.id("map")).getAttribute("data-sites-shown")))
        .isGreaterThan(100);
    assertThat(all(By.cssSelector(".marker-cluster"))).isNotEmpty();
    save("dashboard");
    // the sex-and-age pyramid and the shelter chart, drawn, with their text alternatives
    String wholePyramid = assertBreakdownsDrawn();
    scrollTo("breakdowns");
    save("dashboard-breakdowns");
    assertThat(wholePyramid).startsWith("Lakeland");

    new Select(browser.findElement(By.id("round"))).selectByValue("6");
    waitUntil(d -> d.getCurrentUrl().contains("round=6"));
    waitFor(By.id("headline-idps"));
    assertThat(text("round-caption")).contains("Round 6").isNotEqualTo(latestCaption);
    assertThat(text("headline-idps")).isNotEqualTo(latestIdps);
    mapFeatures();

    new Select(browser.findElement(By.id("level"))).selectByValue("2");
    waitUntil(d -> d.getCurrentUrl().contains("level=2"));
    int featuresAtAdmin2 = mapFeatures();
    assertThat(featuresAtAdmin2).isGreaterThan(featuresAtAdmin1);
    assertThat(all(By.cssSelector("#areas tbody tr")).size()).isGreaterThan(rowsAtAdmin1);
    // the round was kept while the level changed
    assertThat(text("round-caption")).contains("Round 6");

    // the table sorts by IDPs, largest first on the second click
    WebElement idpHeader = browser.findElements(By.cssSelector("#areas thead th")).get(3);
    idpHeader.findElement(By.cssSelector("button")).click();
    idpHeader.findElement(By.cssSelector("button")).click();
    assertThat(idpHeader.getAttribute("aria-sort")).isEqualTo("descending");
    List<Long> idps = new ArrayList<>();
    for (WebElement cell : all(By.cssSelector("#areas tbody tr > :nth-child(4)"))) {
      idps.add(Long.parseLong(cell.getAttribute("data-value")));
    }
    assertThat(idps).isNotEmpty().isSortedAccordingTo(java.util.Comparator.reverseOrder());

    // the time series for one admin 1 area is smaller than the operation's
    String wholeSeries = browser.findElement(By.id("series-table")).getAttribute("textContent");
    Select area = new Select(browser.findElement(By.id("area")));
    area.selectByIndex(1);
    waitUntil(d -> d.getCurrentUrl().contains("area="));
    assertThat(browser.findElement(By.id("series-table")).getAttribute("textContent"))
        .isNotEqualTo(wholeSeries);
    // ... and so are its pyramid and shelters, of that area
    String areaName =
        new Select(browser.findElement(By.id("area")))
            .getFirstSelectedOption()
            .getText()
            .replaceAll(" \\(.*", "");
    assertThat(assertBreakdownsDrawn()).startsWith(areaName).isNotEqualTo(wholePyramid);

    // the table's areas lead to their place pages, with the area's own pyramid and shelters
    WebElement place = waitFor(By.cssSelector("#areas tbody tr th a"));
    String placeName = place.getText();
    assertThat(place.getAttribute("href")).contains("/app/operations/" + DEMO + "/places/");
    place.click();
    waitUntil(d -> d.getCurrentUrl().contains("/places/"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains(placeName);
    assertThat(assertBreakdownsDrawn()).startsWith(placeName);
    scrollTo("breakdowns");
    save("place-breakdowns");
  }

  private void scrollTo(String id) {
    ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
  }

  /** Both breakdown charts drawn and their captions and tables holding numbers. */
  private String assertBreakdownsDrawn() {
    waitUntil(d -> "true".equals(d.findElement(By.id("pyramid-chart")).getAttribute("data-ready")));
    waitUntil(d -> "true".equals(d.findElement(By.id("shelter-chart")).getAttribute("data-ready")));
    String pyramid = text("pyramid-caption");
    assertThat(pyramid).matches("(?s).*\\d[\\d,]* .*");
    assertThat(browser.findElement(By.id("pyramid-table")).getAttribute("textContent"))
        .containsPattern("\\d");
    assertThat(all(By.cssSelector("#pyramid-table tbody tr"))).hasSize(5);
    assertThat(text("shelter-caption")).containsPattern("\\d");
    assertThat(browser.findElement(By.id("shelter-table")).getAttribute("textContent"))
        .containsPattern("\\d");
    return pyramid;
  }

  @Test
  @Order(3)
  void tableDownloadsAsCsvWithHxlRowAndAsXlsx() {
    var csv =
        admin()
            .getForEntity(
                url("/app/operations/" + DEMO + "/table.csv?round=6&level=2"), String.class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    String[] lines = csv.getBody().split("\r\n");
    assertThat(lines[0]).startsWith("Operation,Round,Reporting date");
    assertThat(lines[1]).startsWith("#operation+code,#round,#date+reported").contains("#adm2+code");
    assertThat(lines[2]).startsWith(DEMO + ",6,");
    assertThat(lines.length).isGreaterThan(20);
    var xlsx =
        admin().getForEntity(url("/app/operations/" + DEMO + "/table.xlsx?level=1"), byte[].class);
    assertThat(xlsx.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(xlsx.getBody()).startsWith(new byte[] {'P', 'K'});
    // a round that was never published is not found, not an empty table
    assertThat(
            admin()
                .getForEntity(url("/app/operations/" + DEMO + "/table.csv?round=13"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  @Order(4)
  void publicPageShowsPublishedIdpsWithoutLoginAndNothingElse() throws Exception {
    signOut();
    try {
      showsThePublicPage();
    } finally {
      // the next tests are signed in, whatever happened here
      open("/sign-in");
      save("sign-in");
      signIn("admin", ADMIN_PASSWORD);
    }
  }

  private void showsThePublicPage() throws Exception {
    open("/");
    WebElement link = waitFor(By.cssSelector("#operations tr[data-operation='" + DEMO + "'] a"));
    save("home");
    link.click();
    waitFor(By.id("public-notice"));
    assertThat(browser.getCurrentUrl()).endsWith("/public/operations/" + DEMO);
    // public pages show a round once its disclosure run is stored (docs/disclosure.md); the demo's
    // twelve runs follow the start in the background, and on a loaded machine may not be done
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!text("round-caption").contains("Round 12") && System.nanoTime() < until) {
      Thread.sleep(500);
      browser.navigate().refresh();
      waitFor(By.id("public-notice"));
    }
    assertThat(mapFeatures()).isGreaterThan(3);
    // IDPs only: no returnees, no households, no sites, no signed-in downloads
    assertThat(all(By.id("headline-returnees"))).isEmpty();
    assertThat(all(By.id("headline-households"))).isEmpty();
    assertThat(browser.findElement(By.id("map")).getAttribute("data-sites")).isNull();
    assertThat(all(By.id("download-csv"))).isEmpty();
    assertThat(text("round-caption")).contains("Round 12");
    // the breakdowns too, disclosure-controlled, and no table links to signed-in place pages
    assertBreakdownsDrawn();
    assertThat(all(By.cssSelector("#areas tbody a"))).isEmpty();
    save("public");
    // the round left in review is not reachable
    open("/public/operations/" + DEMO + "?round=13");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    // the public boundaries stop at the public admin level
    assertThat(
            anonymous
                .getForEntity(
                    url("/public/operations/" + DEMO + "/boundaries?level=3"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  @Order(5)
  void dashboardInArabicIsRightToLeft() throws Exception {
    open("/app/operations/" + DEMO + "?lang=ar");
    mapFeatures();
    assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
    assertThat(text("headline-idps")).contains("النازحون");
    save("dashboard-ar");
    open("/app/operations/" + DEMO + "?lang=fr");
    assertThat(text("headline-idps")).contains("PDI");
    open("/app?lang=en");
  }

  /**
   * A phone-sized window still draws the map (ResponsiveBrowserIntegrationTest: no page overflows).
   */
  @Test
  @Order(6)
  void dashboardDrawsItsMapOnAPhoneSizedScreen() throws Exception {
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    try {
      open("/app/operations/" + DEMO);
      assertThat(mapFeatures()).isGreaterThan(3);
      save("dashboard-phone");
    } finally {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    }
  }

  private int mapFeatures() {
    waitUntil(d -> d.findElement(By.id("map")).getAttribute("data-ready") != null);
    assertThat(browser.findElement(By.id("map")).getAttribute("data-ready")).isEqualTo("true");
    return Integer.parseInt(browser.findElement(By.id("map")).getAttribute("data-features"));
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  /**
   * A screenshot in target/screenshots, copied to docs/screenshots for the documentation when
   * {@code OPENDTM_DOC_SCREENSHOTS=true} (a plain test run leaves the working tree as it was).
   */
  private void save(String name) throws Exception {
    Path shot = screenshot(name);
    Path docs = Path.of("docs", "screenshots");
    if ("true".equals(System.getenv("OPENDTM_DOC_SCREENSHOTS")) && Files.isDirectory(docs)) {
      Files.copy(shot, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
