package org.opendtm.platform.jobs;

import java.nio.file.Path;
import java.util.List;

/**
 * What a submitter says about a job besides the work itself.
 *
 * @param kind what the work is, e.g. {@code publish}
 * @param operation the operation the work belongs to
 * @param requiredRight the right another user needs in the operation to follow the job
 * @param description a short line for lists, e.g. the uploaded file's name
 * @param expectedPhases a first guess at the number of phases, until a job of the kind has finished
 *     and taught us the real number; null when unknown
 * @param files temporary files the job owns: deleted when the work ends, whatever happened
 */
public record JobSpec(
    String kind,
    String operation,
    String requiredRight,
    String description,
    Integer expectedPhases,
    List<Path> files) {

  public JobSpec {
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** A spec owning one temporary file. */
  public JobSpec withFile(Path file) {
    return new JobSpec(
        kind,
        operation,
        requiredRight,
        description,
        expectedPhases,
        java.util.stream.Stream.concat(files.stream(), java.util.stream.Stream.of(file)).toList());
  }
}
