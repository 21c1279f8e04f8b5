package org.opendtm.ui.review;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.opendtm.platform.web.Uploads;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Files uploaded for a preview, kept until the officer confirms the import (then the import job
 * owns the file) or for an hour at most. Kept in memory: a staged file is lost with a restart, and
 * the officer uploads it again.
 */
@Component
class StagedUploads {

  static final Duration LIFETIME = Duration.ofHours(1);

  /**
   * @param target {@code geography}, or the round number the assessments go into
   */
  record Staged(
      UUID token,
      Path file,
      String operation,
      String owner,
      String target,
      String fileName,
      String mapping,
      Instant stagedAt) {}

  private final Map<UUID, Staged> staged = new ConcurrentHashMap<>();
  private final Clock clock;

  StagedUploads(Clock clock) {
    this.clock = clock;
  }

  Staged stage(
      MultipartFile upload, String operation, String owner, String target, String mapping) {
    removeExpired();
    Path file = Uploads.keep(upload, "opendtm-staged-");
    Staged entry =
        new Staged(
            UUID.randomUUID(),
            file,
            operation,
            owner,
            target,
            upload.getOriginalFilename(),
            mapping,
            clock.instant());
    staged.put(entry.token(), entry);
    return entry;
  }

  /** The staged upload of this owner in this operation; it stays staged. */
  Optional<Staged> find(UUID token, String operation, String owner) {
    return Optional.ofNullable(staged.get(token))
        .filter(s -> s.operation().equals(operation) && s.owner().equals(owner))
        .filter(s -> s.stagedAt().plus(LIFETIME).isAfter(clock.instant()));
  }

  /** Hands the staged upload over to the caller, who deletes its file from now on. */
  Optional<Staged> take(UUID token, String operation, String owner) {
    Optional<Staged> found = find(token, operation, owner);
    found.ifPresent(s -> staged.remove(s.token()));
    return found;
  }

  private void removeExpired() {
    Instant now = clock.instant();
    staged
        .values()
        .removeIf(
            s -> {
              if (s.stagedAt().plus(LIFETIME).isAfter(now)) return false;
              delete(s.file());
              return true;
            });
  }

  @PreDestroy
  void deleteAll() {
    staged.values().forEach(s -> delete(s.file()));
    staged.clear();
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file left behind goes with the temporary directory
    }
  }
}
