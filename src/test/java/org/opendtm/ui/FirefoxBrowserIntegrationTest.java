package org.opendtm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.support.FirefoxBiDi;
import org.opendtm.support.PageChecks;
import org.springframework.test.context.TestPropertySource;

/**
 * The web application in Firefox (Debian's firefox-esr, driven over WebDriver BiDi without
 * geckodriver): sign in with the keyboard, the dashboard's map, sites and charts drawn without a
 * script error, a flag justified inline on the review page, and no page wider than a phone. Skipped
 * without Firefox unless {@code OPENDTM_BROWSER_TESTS=required}, as the Chromium tests are.
 */
@TestPropertySource(properties = "opendtm.demo.enabled=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirefoxBrowserIntegrationTest extends ApiTestSupport {

  private static final String DEMO = "LAKELAND";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private FirefoxBiDi firefox;

  @BeforeAll
  void startFirefox() throws IOException {
    Optional<Path> binary = FirefoxBiDi.binary();
    if (binary.isEmpty() && "required".equals(System.getenv("OPENDTM_BROWSER_TESTS"))) {
      throw new IllegalStateException(
          "OPENDTM_BROWSER_TESTS=required but Firefox is missing (apt-get install firefox-esr)");
    }
    Assumptions.assumeTrue(
        binary.isPresent(), "Firefox tests skipped: install firefox-esr (Debian), as .ci/run does");
    firefox = FirefoxBiDi.start(binary.get(), 1280, 1000);
  }

  @AfterAll
  void stopFirefox() throws IOException {
    if (firefox != null) firefox.close();
  }

  @Test
  @Order(1)
  void signsInWithTheKeyboard() throws IOException {
    firefox.navigate(url("/app"));
    firefox.waitUntil("document.getElementById('sign-in-form')", WAIT);
    firefox.evaluate("document.getElementById('username').focus()");
    firefox.type("admin" + FirefoxBiDi.TAB + ADMIN_PASSWORD + FirefoxBiDi.ENTER);
    firefox.waitUntil(
        "location.pathname === '/app' && document.getElementById('operations')", WAIT);
    assertThat(firefox.run("return document.querySelector('.user-name').textContent"))
        .isEqualTo("admin");
    save("firefox-operations");
  }

  @Test
  @Order(2)
  void drawsTheDashboardsMapSitesAndChartsWithoutScriptErrors() throws IOException {
    firefox.clearLog();
    firefox.navigate(url("/app/operations/" + DEMO));
    firefox.waitUntil("document.getElementById('map').dataset.ready", WAIT);
    assertThat(firefox.run("return document.getElementById('map').dataset.ready"))
        .isEqualTo("true");
    int rows = firefox.evaluate("document.querySelectorAll('#areas tbody tr').length").asInt();
    // one Leaflet path per area of the table, on Leaflet's own panes
    assertThat(
            firefox
                .evaluate("document.querySelectorAll('#map .leaflet-overlay-pane path').length")
                .asInt())
        .isEqualTo(rows)
        .isGreaterThan(3);
    assertThat(firefox.evaluate("document.getElementById('map').dataset.features").asText())
        .isEqualTo(String.valueOf(rows));
    firefox.waitUntil("document.getElementById('map').dataset.sitesShown", WAIT);
    assertThat(
            firefox.evaluate("Number(document.getElementById('map').dataset.sitesShown)").asInt())
        .isGreaterThan(100);
    // Chart.js drew each chart on a canvas of real size
    for (String chart : new String[] {"series-chart", "reasons-chart", "origins-chart"}) {
      assertThat(firefox.evaluate("!!Chart.getChart('" + chart + "')").asBoolean())
          .as(chart)
          .isTrue();
      assertThat(firefox.evaluate("document.getElementById('" + chart + "').width").asInt())
          .as(chart)
          .isGreaterThan(100);
    }
    // sorting the table by IDPs, from a header button
    firefox.evaluate("document.querySelector('#areas th[data-type=number] button.sort').click()");
    assertThat(
            firefox.run(
                "return document.querySelector('#areas th[data-type=number]').getAttribute('aria-sort')"))
        .isEqualTo("ascending");
    save("firefox-dashboard");
    assertThat(firefox.errors()).as(firefox.console()).isEmpty();
  }

  @Test
  @Order(3)
  void justifiesAFlagInlineOnTheReviewPage() throws IOException {
    firefox.clearLog();
    firefox.navigate(url("/app/operations/" + DEMO + "/rounds/13/review"));
    firefox.waitUntil("document.querySelector('form.justify input[name=justification]')", WAIT);
    String flag =
        firefox.run(
            "return document.querySelector('form.justify input[name=justification]').closest('tr').id");
    firefox.click("#" + flag + " form.justify input[name=justification]");
    assertThat(firefox.run("return document.activeElement.closest('tr').id")).isEqualTo(flag);
    firefox.type("Counted again by the site manager" + FirefoxBiDi.ENTER);
    // htmx swapped the row in place: no new page. The new row shows its text at once but htmx
    // wires its buttons only when the swap settles (and then drops the class htmx-added): a click
    // before that does nothing, which a loaded machine made visible.
    firefox.waitUntil(
        "document.querySelector('#"
            + flag
            + " .flag-status').textContent.trim() === 'Justified'"
            + " && !document.getElementById('"
            + flag
            + "').classList.contains('htmx-added')",
        WAIT);
    assertThat(firefox.url()).endsWith("/rounds/13/review");
    firefox.evaluate("document.querySelector('#" + flag + " button.compare').click()");
    firefox.waitUntil("document.getElementById('comparison-panel')", WAIT);
    save("firefox-review");
    assertThat(firefox.errors()).as(firefox.console()).isEmpty();
  }

  @Test
  @Order(4)
  void noPageIsWiderThanAPhone() throws IOException {
    firefox.setViewport(390, 844);
    try {
      for (String path :
          new String[] {
            "/app",
            "/app/operations/" + DEMO,
            "/app/operations/" + DEMO + "/rounds/13/review",
            "/app/operations/" + DEMO + "/imports",
            "/public/operations/" + DEMO
          }) {
        firefox.navigate(url(path));
        if (firefox.evaluate("!!document.getElementById('map')").asBoolean()) {
          firefox.waitUntil("document.getElementById('map').dataset.ready", WAIT);
        }
        assertThat(firefox.run(PageChecks.HORIZONTAL_OVERFLOW)).as(path).isEqualTo("0");
        String bar = firefox.run(PageChecks.OPERATION_BAR_OVERFLOW);
        assertThat(bar).as(path).isIn("", "no bar");
      }
      save("firefox-dashboard-phone");
    } finally {
      firefox.setViewport(1280, 1000);
    }
  }

  private void save(String name) throws IOException {
    Path file = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(file.getParent());
    Files.write(file, firefox.screenshot());
  }
}
