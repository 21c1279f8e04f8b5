package org.opendtm.geography.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opendtm.geography.GeographyErrorCode;
import org.opendtm.platform.ErrorCode;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;

/** Collects every error of a file, listing the first {@value #LISTED} and counting all. */
final class InputErrors {

  static final int LISTED = 1_000;

  private final List<InputError> listed = new ArrayList<>();
  private long count;

  void add(InputError error) {
    count++;
    if (listed.size() < LISTED) listed.add(error);
  }

  void add(long row, String field, String value, String reason) {
    add(new InputError(row, field, value, reason));
  }

  long count() {
    return count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** Throws a 422 listing the errors when there are any. */
  void throwIfAny(String what) {
    throwIfAny(GeographyErrorCode.INVALID_GEOGRAPHY_FILE, what);
  }

  void throwIfAny(ErrorCode code, String what) {
    if (count == 0) return;
    throw new OpenDtmException(
        code,
        what + " has " + count + (count == 1 ? " error" : " errors") + "; nothing was stored",
        listed,
        count,
        Map.of());
  }
}
