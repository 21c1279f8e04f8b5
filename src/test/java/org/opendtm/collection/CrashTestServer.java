package org.opendtm.collection;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opendtm.OpenDtmApplication;
import org.opendtm.collection.internal.FormVersions;
import org.opendtm.collection.internal.openrosa.CollectCredentials;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Child process of {@link SubmissionCrashIntegrationTest}: the real application on a data directory
 * (durable embedded PostgreSQL, as in production), with an operation, a form and an enumerator made
 * on the first start; prints {@code READY <token>} and serves until killed.
 */
public final class CrashTestServer {

  static final String OPERATION = "CRASH";

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    String port = args[1];
    ConfigurableApplicationContext context =
        SpringApplication.run(
            OpenDtmApplication.class,
            "--server.port=" + port,
            "--opendtm.db.data-dir=" + data,
            "--opendtm.demo.enabled=false",
            // the real embedded server on the data directory, not the tests' shared one
            "--opendtm.test.own-embedded=true",
            "--opendtm.admin.password=crash-admin-password-1",
            "--opendtm.rate-limits.enabled=false",
            "--opendtm.crypto.keys.crash-1=hrbeymQtQqUs+nRg68VYLeurtcfaFWVYsYttkqYGySU=",
            "--logging.level.root=WARN");
    Path tokenFile = data.resolve("crash-test-token");
    if (!Files.exists(tokenFile)) {
      context
          .getBean(GeographyManagement.class)
          .createOperation(new NewOperation(OPERATION, "Crash test", "CAF"));
      String xform =
          new String(
              CrashTestServer.class
                  .getResourceAsStream("/collection/site_assessment.xml")
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      context
          .getBean(FormVersions.class)
          .add(
              OPERATION,
              "site_assessment",
              "2024031501",
              "Site assessment",
              xform,
              null,
              null,
              "t");
      String token =
          context.getBean(CollectCredentials.class).issue(OPERATION, "crash-enum", null).token();
      Files.writeString(tokenFile, token);
    }
    System.out.println("READY " + Files.readString(tokenFile).strip());
    System.out.flush();
  }
}
