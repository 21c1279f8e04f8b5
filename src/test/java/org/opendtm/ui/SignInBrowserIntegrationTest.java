package org.opendtm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opendtm.support.BrowserTestSupport;
import org.openqa.selenium.By;

/** Signing in and out in a real browser, wrong passwords, and the language switch. */
class SignInBrowserIntegrationTest extends BrowserTestSupport {

  @Test
  void wrongPasswordShowsAMessageAndTheRightOneOpensTheOperations() throws Exception {
    signOut();
    open("/app");
    // an anonymous visitor of a page is sent to the sign-in page
    waitFor(By.id("sign-in-form"));
    assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
    browser.findElement(By.id("username")).sendKeys("admin");
    browser.findElement(By.id("password")).sendKeys("not-the-password");
    browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    assertThat(waitFor(By.id("sign-in-message")).getText()).contains("Wrong user name or password");
    screenshot("sign-in-error");

    signIn("admin", ADMIN_PASSWORD);
    waitFor(By.cssSelector("main h1"));
    assertThat(browser.getCurrentUrl()).contains("/app");
    assertThat(browser.findElement(By.cssSelector(".user-name")).getText()).isEqualTo("admin");

    signOut();
    assertThat(waitFor(By.id("sign-in-message")).getText()).contains("signed out");
    // back on the page asked for after signing in, with a clean address (no "?continue");
    // here an operation that does not exist: its 404 page, drawn with the signed-in layout
    open("/app/operations/NO-SUCH-OP");
    waitFor(By.id("sign-in-form"));
    signIn("admin", ADMIN_PASSWORD);
    waitFor(By.cssSelector("main h1"));
    assertThat(browser.getCurrentUrl()).endsWith("/app/operations/NO-SUCH-OP");
    assertThat(browser.findElement(By.cssSelector(".user-name")).getText()).isEqualTo("admin");
    open("/app");
  }

  @Test
  void anExpiredSessionSendsTheBrowserToSignInWithAMessage() {
    open("/app");
    waitFor(By.cssSelector(".user-name"));
    // a session the server no longer knows (timed out, or of a previous run)
    browser.manage().deleteCookieNamed("JSESSIONID");
    browser.manage().addCookie(new org.openqa.selenium.Cookie("JSESSIONID", "0123456789ABCDEF"));
    open("/app");
    assertThat(waitFor(By.id("sign-in-message")).getText()).contains("session has expired");
    assertThat(browser.getCurrentUrl()).contains("/sign-in?expired");
    signIn("admin", ADMIN_PASSWORD);
    assertThat(waitFor(By.cssSelector(".user-name")).getText()).isEqualTo("admin");
  }

  @Test
  void languageSwitchesToFrenchAndArabicRightToLeftAndIsRemembered() {
    open("/app?lang=fr");
    assertThat(waitFor(By.cssSelector("main h1")).getText()).isEqualTo("Opérations");
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
    open("/app"); // the cookie keeps the choice
    assertThat(waitFor(By.cssSelector("main h1")).getText()).isEqualTo("Opérations");

    browser.findElement(By.cssSelector(".languages a[lang=ar]")).click();
    waitUntil(d -> "rtl".equals(d.findElement(By.tagName("html")).getAttribute("dir")));
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ar");
    assertThat(browser.findElement(By.cssSelector("main h1")).getText()).isEqualTo("العمليات");

    open("/app?lang=en");
    assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("ltr");
  }
}
