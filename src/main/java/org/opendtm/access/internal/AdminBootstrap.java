package org.opendtm.access.internal;

import java.security.SecureRandom;
import java.util.Map;
import org.opendtm.access.AuditEntry;
import org.opendtm.access.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On first start (no accounts), creates {@code admin} with {@code OPENDTM_ADMIN_PASSWORD}, or with
 * a generated password printed once to the console.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnProperty(name = "opendtm.cli", havingValue = "false", matchIfMissing = true)
class AdminBootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final Users users;
  private final AuditLog audit;
  private final String configuredPassword;

  AdminBootstrap(
      Users users, AuditLog audit, @Value("${opendtm.admin.password:}") String configuredPassword) {
    this.users = users;
    this.audit = audit;
    this.configuredPassword = configuredPassword;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (users.count() > 0) return;
    boolean generated = configuredPassword == null || configuredPassword.isBlank();
    String password = generated ? generate() : configuredPassword;
    users.create("admin", password, true);
    audit.record(
        "account.create",
        null,
        "admin",
        AuditEntry.Outcome.SUCCESS,
        Map.of("platformAdmin", true, "firstStart", true));
    if (generated) {
      String line = "=".repeat(72);
      System.out.printf(
          "%n%s%n  OpenDTM created the first account.%n  user: admin%n  password: %s%n"
              + "  This password is shown once. Set OPENDTM_ADMIN_PASSWORD to choose it.%n%s%n%n",
          line, password, line);
    } else {
      log.info("Created user 'admin' with the password from OPENDTM_ADMIN_PASSWORD");
    }
  }

  private static String generate() {
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 20; i++)
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    return password.toString();
  }
}
