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
}
