package org.opendtm.platform.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.springframework.web.multipart.MultipartFile;

/**
 * Uploads are stored in a temporary file so importers can stream them (never held in memory), and
 * the file is always deleted afterwards, whatever the import did.
 */
public final class Uploads {

  private Uploads() {}

  public static <T> T withTemporaryFile(
      MultipartFile upload, String prefix, Function<Path, T> work) {
    Path file = null;
    try {
      file = Files.createTempFile(prefix, ".upload");
      upload.transferTo(file);
      return work.apply(file);
    } catch (IOException e) {
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE, "The upload could not be stored: " + e.getMessage());
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file left behind goes with the temporary directory
        }
      }
    }
  }

  /**
   * Stores the upload in a temporary file that outlives the request, for work that goes on in the
   * background (a job); the caller owns the file and must delete it (a {@code JobSpec} does).
   */
  public static Path keep(MultipartFile upload, String prefix) {
    Path file = null;
    try {
      file = Files.createTempFile(prefix, ".upload");
      upload.transferTo(file);
      return file;
    } catch (IOException e) {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file left behind goes with the temporary directory
        }
      }
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE, "The upload could not be stored: " + e.getMessage());
    }
  }
}
