package org.opendtm.platform;

import org.springframework.http.HttpStatus;

/**
 * A stable, documented error code. Each module has an enum implementing this; the code travels in
 * every problem response so that clients can act on it without parsing sentences.
 */
public interface ErrorCode {

  /** Upper snake case, unique across the platform, e.g. {@code ROUND_NOT_FOUND}. */
  String name();

  HttpStatus status();

  /** A short human title for the kind of problem. */
  String title();
}
