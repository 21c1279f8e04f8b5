package org.opendtm.tracking.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.opendtm.platform.CliCommand;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.tabular.TabularFormat;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.ImportOptions;
import org.opendtm.tracking.ImportReport;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.stereotype.Component;

/** {@code import-assessments --operation=X --round=N [--type=SA] [--format=csv] FILE}. */
@Component
class ImportAssessmentsCommand implements CliCommand {

  private final TrackingManagement tracking;
  PrintStream out = System.out;
  PrintStream err = System.err;

  ImportAssessmentsCommand(TrackingManagement tracking) {
    this.tracking = tracking;
  }

  @Override
  public String name() {
    return "import-assessments";
  }

  @Override
  public String usage() {
    return "--operation=CODE --round=N [--type=BA|SA|ETT] [--format=csv|xlsx|json]"
        + " [--mapping=NAME] FILE  imports an assessment file into a round";
  }

  @Override
  public int run(List<String> arguments) {
    String operation = null, round = null, type = null, format = null, mapping = null, file = null;
    for (String argument : arguments) {
      if (argument.startsWith("--operation=")) operation = value(argument);
      else if (argument.startsWith("--round=")) round = value(argument);
      else if (argument.startsWith("--type=")) type = value(argument);
      else if (argument.startsWith("--format=")) format = value(argument);
      else if (argument.startsWith("--mapping=")) mapping = value(argument);
      else if (!argument.startsWith("--") && file == null) file = argument;
      else {
        err.println("Unknown argument " + argument + "\nUsage: " + name() + " " + usage());
        return 1;
      }
    }
    if (operation == null || round == null || file == null || !round.matches("\\d{1,9}")) {
      err.println("Usage: " + name() + " " + usage());
      return 1;
    }
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      err.println("Cannot read " + file);
      return 1;
    }
    Optional<AssessmentType> assessmentType = AssessmentType.parse(type);
    if (type != null && assessmentType.isEmpty()) {
      err.println("Unknown assessment type " + type + " (BA, SA or ETT)");
      return 1;
    }
    Optional<TabularFormat> tabularFormat = TabularFormat.parse(format);
    if (format != null && tabularFormat.isEmpty()) {
      err.println("Unknown format " + format + " (csv, xlsx or json)");
      return 1;
    }
    try {
      ImportReport report =
          tracking.importAssessments(
              operation,
              Integer.parseInt(round),
              path,
              new ImportOptions(
                  path.getFileName().toString(),
                  tabularFormat.orElse(null),
                  assessmentType.orElse(null),
                  "cli",
                  mapping));
      print(report);
      return 0;
    } catch (OpenDtmException e) {
      err.println(e.getMessage());
      e.errors().forEach(error -> err.println("  " + error));
      if (e.errorCount() > e.errors().size()) {
        err.println("  … and " + (e.errorCount() - e.errors().size()) + " more");
      }
      return 1;
    }
  }

  private void print(ImportReport report) {
    out.printf(
        "Imported %s (%s, %s): %d rows read, %d assessments and %d figures created, %d replaced%n",
        report.fileName(),
        report.format(),
        report.shape(),
        report.rowsRead(),
        report.assessmentsCreated(),
        report.figuresCreated(),
        report.replacedAssessments());
    report.columns().forEach((column, field) -> out.println("  column " + column + " → " + field));
    report
        .ignoredColumns()
        .forEach(c -> out.println("  ignored " + c.column() + ": " + c.reason()));
    report
        .placesCreated()
        .forEach(p -> out.println("  created " + p.kind() + " " + p.code() + " " + p.name()));
    report
        .normalisations()
        .forEach(
            n ->
                out.println(
                    "  P-code "
                        + n.written()
                        + " read as "
                        + n.matched()
                        + " ("
                        + n.rule()
                        + ") in "
                        + n.count()
                        + " rows"));
    report.flags().forEach((rule, count) -> out.println("  flags " + rule + ": " + count));
  }

  private static String value(String argument) {
    return argument.substring(argument.indexOf('=') + 1);
  }
}
