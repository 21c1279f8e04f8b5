package org.opendtm.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Base for browser tests: one headless Chromium per test class, driven by Debian's {@code
 * chromedriver} (never a downloaded one: Selenium Manager is not used), signed in as the platform
 * administrator before the first test. Without {@code /usr/bin/chromium} and {@code
 * /usr/bin/chromedriver} the class is skipped with a message — unless {@code
 * OPENDTM_BROWSER_TESTS=required} (set by {@code .ci/run}), when it fails instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrowserTestSupport extends ApiTestSupport {

  public static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("OPENDTM_CHROMIUM", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER =
      Path.of(System.getenv().getOrDefault("OPENDTM_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private static final Duration WAIT = Duration.ofSeconds(15);

  protected WebDriver browser;
  private Path profile;

  @BeforeAll
  void startBrowser() throws IOException {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    boolean required = "required".equals(System.getenv("OPENDTM_BROWSER_TESTS"));
    if (!installed && required) {
      throw new IllegalStateException(
          "OPENDTM_BROWSER_TESTS=required but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
    }
    Assumptions.assumeTrue(
        installed,
        "Browser tests skipped: install chromium and chromium-driver (Debian) to run them, as"
            + " .ci/run does");
    profile = Files.createTempDirectory("opendtm-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile,
        "--window-size=1280,1000",
        "--lang=en-GB");
    // the page's console, for failure messages
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1280, 1000));
    signIn("admin", ADMIN_PASSWORD);
  }

  @AfterAll
  void stopBrowser() throws IOException {
    if (browser != null) browser.quit();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Signs in through the sign-in page (signing out first if someone is signed in). */
  protected void signIn(String username, String password) {
    open("/sign-in");
    if (!browser.findElements(By.cssSelector("form.sign-out")).isEmpty()) {
      signOut();
      open("/sign-in");
    }
    browser.findElement(By.id("username")).sendKeys(username);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    waitUntil(d -> !d.getCurrentUrl().endsWith("/login"));
  }

  protected void signOut() {
    browser.findElement(By.cssSelector("form.sign-out button")).click();
    waitFor(By.id("sign-in-form"));
  }

  /** Opens a path of the application under test. */
  protected void open(String path) {
    browser.get(url(path));
  }

  /** Waits until an element is visible, and returns it. */
  protected WebElement waitFor(By locator) {
    return new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  protected <T> T waitUntil(Function<WebDriver, T> condition) {
    try {
      // htmx swaps elements out while a condition reads them: a stale element means "not yet"
      return new WebDriverWait(browser, WAIT)
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(condition::apply);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "Timed out on " + browser.getCurrentUrl() + "; browser console:\n" + console(), e);
    }
  }

  /** What the page wrote to its console since the last call (errors of scripts among others). */
  protected String console() {
    StringBuilder out = new StringBuilder();
    browser
        .manage()
        .logs()
        .get(org.openqa.selenium.logging.LogType.BROWSER)
        .forEach(
            entry ->
                out.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
    return out.toString();
  }

  protected List<WebElement> all(By locator) {
    return browser.findElements(locator);
  }

  /** Saves a screenshot to {@code target/screenshots/NAME.png} and returns its path. */
  protected Path screenshot(String name) throws IOException {
    Path file = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(file.getParent());
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(file, png);
    return file;
  }
}
