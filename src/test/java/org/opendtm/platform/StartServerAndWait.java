package org.opendtm.platform;

import java.nio.file.Path;
import org.opendtm.platform.database.EmbeddedPostgresServer;

/** Child process for the orphan test: starts a server on a directory and waits to be killed. */
public final class StartServerAndWait {

  public static void main(String[] args) throws Exception {
    EmbeddedPostgresServer.start(Path.of(args[0]), true);
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(120_000);
  }
}
