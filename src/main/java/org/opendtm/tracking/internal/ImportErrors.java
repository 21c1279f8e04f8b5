package org.opendtm.tracking.internal;

import java.util.ArrayList;
import java.util.List;
import org.opendtm.platform.InputError;

/** Row errors of one import: the first thousand listed, all of them counted. */
final class ImportErrors {

  static final int LISTED = 1_000;

  private final List<InputError> listed = new ArrayList<>();
  private long count;

  void add(long row, String field, String value, String reason) {
    count++;
    if (listed.size() < LISTED) listed.add(InputError.at(row, field, value, reason));
  }

  void add(InputError error) {
    count++;
    if (listed.size() < LISTED) listed.add(error);
  }

  long count() {
    return count;
  }

  List<InputError> listed() {
    return listed;
  }
}
