package org.opendtm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opendtm.platform.jobs.Job;
import org.opendtm.platform.jobs.JobManagement;
import org.opendtm.platform.jobs.JobSpec;
import org.opendtm.support.BrowserTestSupport;
import org.opendtm.support.PageChecks;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Every page on a phone-sized screen (390 × 844) without sideways scrolling, and the keyboard-only
 * path of an officer: sign in, open the operation, the round in review, justify a flag.
 */
@TestPropertySource(properties = "opendtm.demo.enabled=true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResponsiveBrowserIntegrationTest extends BrowserTestSupport {

  private static final String DEMO = "LAKELAND";

  @Autowired JobManagement jobs;

  @Test
  @Order(1)
  void everyPageFitsAPhoneSizedScreen() throws Exception {
    Job job =
        jobs.submit(
            new JobSpec("assessment-import", DEMO, "IMPORT_ASSESSMENTS", "phone.csv", 1, null),
            () -> Map.of("rowsRead", 3, "assessmentsCreated", 3, "figuresCreated", 4));
    browser.manage().window().setSize(new Dimension(390, 844));
    try {
      List<String> problems = new ArrayList<>();
      open("/app/operations/" + DEMO);
      String place = waitFor(By.cssSelector("#areas tbody tr")).getAttribute("data-pcode");
      List<String> signedIn =
          List.of(
              "/app",
              "/app/operations/" + DEMO,
              "/app/operations/" + DEMO + "?level=2",
              "/app/operations/" + DEMO + "?level=3",
              "/app/operations/" + DEMO + "/places/" + place,
              "/app/operations/" + DEMO + "/rounds/13/review",
              "/app/operations/" + DEMO + "/imports",
              "/app/operations/" + DEMO + "/imports/jobs/" + job.id(),
              "/app/operations/" + DEMO + "?lang=ar",
              "/app/operations/" + DEMO + "/rounds/13/review?lang=fr");
      for (String path : signedIn) check(path, problems);
      open("/app?lang=en");
      signOut();
      try {
        for (String path : List.of("/", "/sign-in", "/public/operations/" + DEMO)) {
          check(path, problems);
        }
      } finally {
        signIn("admin", ADMIN_PASSWORD);
      }
      assertThat(problems).isEmpty();
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 1000));
    }
  }

  private void check(String path, List<String> problems) throws Exception {
    open(path);
    waitFor(By.id("main"));
    if (!all(By.id("map")).isEmpty()) {
      waitUntil(d -> d.findElement(By.id("map")).getAttribute("data-ready") != null);
    }
    String overflow = script(PageChecks.HORIZONTAL_OVERFLOW);
    if (!"0".equals(overflow)) problems.add(path + ": " + overflow);
    if (!all(By.cssSelector(".operation-nav")).isEmpty()) {
      String hidden = script(PageChecks.OPERATION_BAR_OVERFLOW);
      if (!hidden.isEmpty()) problems.add(path + ": operation bar hides " + hidden);
    }
    // Thymeleaf writes ??key_locale?? for a message it cannot find, also in screen-reader text
    String missing = script(PageChecks.MISSING_MESSAGES);
    if (!missing.isEmpty()) problems.add(path + ": missing messages " + missing);
    screenshot("phone" + path.replaceAll("[^A-Za-z0-9]+", "-"));
  }

  @Test
  @Order(2)
  void anOfficerJustifiesAFlagWithTheKeyboardOnly() {
    signOut();
    open("/");
    // the first Tab of a page reaches the skip link, which then shows itself
    keys(Keys.TAB);
    WebElement skip = browser.switchTo().activeElement();
    assertThat(skip.getAttribute("class")).contains("skip-link");
    assertThat(skip.getRect().getY()).isGreaterThanOrEqualTo(0);
    assertThat(focusRing()).isNotEqualTo("none");
    keys(Keys.ENTER);
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("main");

    // the sign-in page starts in its first field
    tabTo(e -> e.getText().equals("Sign in"), 20);
    keys(Keys.ENTER);
    waitFor(By.id("sign-in-form"));
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("username");
    keys("admin", Keys.TAB, ADMIN_PASSWORD, Keys.ENTER);
    waitUntil(d -> d.getCurrentUrl().endsWith("/app"));

    tabTo(e -> e.getAttribute("href") != null && e.getAttribute("href").endsWith("/" + DEMO), 40);
    keys(Keys.ENTER);
    waitFor(By.id("headline-idps"));

    // the table's headers sort from the keyboard and say how
    WebElement idpHeader = tabTo(e -> e.getText().equals("IDPs") && isSortButton(e), 200);
    keys(Keys.SPACE);
    assertThat(parentOf(idpHeader).getAttribute("aria-sort")).isEqualTo("ascending");
    keys(Keys.ENTER);
    assertThat(parentOf(idpHeader).getAttribute("aria-sort")).isEqualTo("descending");

    // the round left in review is in the operation's bar, early in the tab order
    open("/app/operations/" + DEMO);
    tabTo(e -> e.getText().equals("Review round 13"), 30);
    keys(Keys.ENTER);
    waitFor(By.id("flags"));

    WebElement justification =
        tabTo(
            e -> e.getAttribute("id") != null && e.getAttribute("id").startsWith("justification-"),
            150);
    assertThat(focusRing()).isNotEqualTo("none");
    String flag = justification.getAttribute("id").substring("justification-".length());
    keys("Checked with the site manager by phone", Keys.ENTER);
    waitUntil(
        d ->
            d.findElement(By.cssSelector("#flag-" + flag + " .flag-status"))
                .getText()
                .equals("Justified"));
    // the focus stays on the row that was replaced, not back at the top of the page
    assertThat(
            (Boolean)
                ((JavascriptExecutor) browser)
                    .executeScript(
                        "return document.getElementById(arguments[0]).contains(document.activeElement)",
                        "flag-" + flag))
        .isTrue();
  }

  @Test
  @Order(3)
  void aRoundChosenWithTheArrowKeysOpensOnlyOnEnter() {
    open("/app/operations/" + DEMO);
    if (all(By.cssSelector("form.sign-out")).isEmpty()) {
      signIn("admin", ADMIN_PASSWORD);
      open("/app/operations/" + DEMO);
    }
    String url = browser.getCurrentUrl();
    WebElement round = tabTo(e -> "round".equals(e.getAttribute("id")), 40);
    keys(Keys.ARROW_DOWN);
    // a keyboard user steps through the options without leaving the page at each step
    assertThat(browser.getCurrentUrl()).isEqualTo(url);
    String chosen = round.getAttribute("value");
    keys(Keys.ENTER);
    waitUntil(d -> d.getCurrentUrl().contains("round=" + chosen));
  }

  private boolean isSortButton(WebElement e) {
    return "button".equals(e.getTagName()) && e.getAttribute("class").contains("sort");
  }

  private WebElement parentOf(WebElement e) {
    return e.findElement(By.xpath(".."));
  }

  private WebElement tabTo(Predicate<WebElement> wanted, int maxTabs) {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < maxTabs; i++) {
      keys(Keys.TAB);
      WebElement active = browser.switchTo().activeElement();
      if (wanted.test(active)) return active;
      seen.add(
          active.getTagName() + "#" + active.getAttribute("id") + "'" + active.getText() + "'");
    }
    throw new AssertionError("Not reached with " + maxTabs + " tabs; focus went through " + seen);
  }

  private void keys(CharSequence... keys) {
    new Actions(browser).sendKeys(keys).perform();
  }

  /** The focused element's outline style: "none" would mean no visible focus. */
  private String focusRing() {
    return script(
        "const s = getComputedStyle(document.activeElement);"
            + " return s.outlineStyle === 'none' && s.boxShadow === 'none' ? 'none' : s.outlineStyle;");
  }

  private String script(String body) {
    return String.valueOf(
        ((JavascriptExecutor) browser).executeScript("return (function(){" + body + "})();"));
  }
}
