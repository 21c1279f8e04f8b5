package org.opendtm.platform;

import java.util.List;

/**
 * A command-line command, run as {@code java -jar opendtm.jar <name> [args]} (or {@code mvn
 * spring-boot:run -Dspring-boot.run.arguments="<name> ..."}). The platform starts without its web
 * server, runs the command and exits with its status.
 */
public interface CliCommand {

  /** The word that selects this command, e.g. {@code import-assessments}. */
  String name();

  /** One line of usage shown by {@code help}. */
  String usage();

  /** Runs the command; returns the process exit status (0 for success). */
  int run(List<String> arguments) throws Exception;
}
