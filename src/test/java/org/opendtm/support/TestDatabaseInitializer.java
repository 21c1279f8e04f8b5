package org.opendtm.support;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every Spring context started by the tests at its own database in the shared test server,
 * unless a test sets {@code opendtm.db.url} itself. Registered in META-INF/spring.factories.
 */
public class TestDatabaseInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    var environment = context.getEnvironment();
    String configured = environment.getProperty("opendtm.db.url");
    if (configured != null && !configured.isBlank()) return;
    if ("true".equals(environment.getProperty("opendtm.test.own-embedded"))) return;
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "testDatabase",
                Map.of(
                    "opendtm.db.url", TestDatabase.newDatabase(),
                    "opendtm.db.user", "postgres",
                    "opendtm.db.password", "postgres",
                    "opendtm.db.max-pool-size", "10")));
  }
}
