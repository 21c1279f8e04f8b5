package org.opendtm.ui.review;

import java.util.List;
import org.opendtm.tracking.Severity;
import org.opendtm.tracking.ValidationFlag;

/** The flags of one rule and severity, as the review page groups them. */
record FlagGroup(String rule, Severity severity, List<ValidationFlag> flags) {

  public long open() {
    return flags.stream().filter(f -> f.status().name().equals("OPEN")).count();
  }
}
