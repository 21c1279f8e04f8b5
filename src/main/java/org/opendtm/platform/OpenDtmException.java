package org.opendtm.platform;

import java.util.List;
import java.util.Map;

/**
 * A failure to report to the caller as an RFC 9457 problem: a stable code, a human sentence, and —
 * for bad input — every row and field at fault.
 */
public class OpenDtmException extends RuntimeException {

  private final ErrorCode code;
  private final List<InputError> errors;
  private final long errorCount;
  private final Map<String, Object> properties;

  public OpenDtmException(ErrorCode code, String detail) {
    this(code, detail, List.of(), 0, Map.of());
  }

  public OpenDtmException(ErrorCode code, String detail, List<InputError> errors) {
    this(code, detail, errors, errors.size(), Map.of());
  }

  /**
   * @param errors the errors listed (may be capped)
   * @param errorCount how many errors there were in all, which may be more than are listed
   */
  public OpenDtmException(
      ErrorCode code,
      String detail,
      List<InputError> errors,
      long errorCount,
      Map<String, Object> properties) {
    super(detail);
    this.code = code;
    this.errors = List.copyOf(errors);
    this.errorCount = errorCount;
    this.properties = Map.copyOf(properties);
  }

  public ErrorCode code() {
    return code;
  }

  public List<InputError> errors() {
    return errors;
  }

  public long errorCount() {
    return errorCount;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
