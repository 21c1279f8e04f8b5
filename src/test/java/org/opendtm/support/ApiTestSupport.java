package org.opendtm.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base for integration tests over real HTTP against a real server on a random port, with the admin
 * account of application-test.yml. Kept tiny on purpose: test data comes from per-module builders.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class ApiTestSupport {

  public static final String ADMIN_PASSWORD = "test-admin-password-1";

  @LocalServerPort protected int port;

  @Autowired protected TestRestTemplate anonymous;

  /** A client signed in as the platform administrator. */
  protected TestRestTemplate admin() {
    return anonymous.withBasicAuth("admin", ADMIN_PASSWORD);
  }

  protected String url(String path) {
    return "http://localhost:" + port + path;
  }

  /**
   * Waits (up to 30 s) until the condition holds, for what background work finishes after the
   * request that started it (a publication's disclosure runs, kept sums, breakdowns).
   */
  protected static void await(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("waited 30 s for " + what);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
