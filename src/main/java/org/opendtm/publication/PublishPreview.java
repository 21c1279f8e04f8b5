package org.opendtm.publication;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What publishing a round now would change for partners: per assessment type and admin 1, the IDPs
 * and returnees of the baseline — the round's current published revision, or for a first
 * publication the latest earlier published round — against the figures the round holds now.
 *
 * @param baselineRound the round compared with, null when nothing was published before
 * @param baselineRevision its current revision
 * @param rows one per assessment type and admin 1 (P-code null: places above admin 1)
 * @param totals one per assessment type (admin 0)
 * @param openErrors open error flags: publishing is refused while there are any
 * @param openWarnings open warnings: each needs a justification, or one for all at sign-off
 */
public record PublishPreview(
    int round,
    Integer baselineRound,
    Integer baselineRevision,
    List<Change> rows,
    List<Change> totals,
    long openErrors,
    long openWarnings) {

  /** Figures before and after for one type and area. */
  public record Change(
      String assessmentType,
      String pcode,
      String name,
      long idpsBefore,
      long idpsAfter,
      long returneesBefore,
      long returneesAfter) {

    @JsonProperty("idpChange")
    public long idpChange() {
      return idpsAfter - idpsBefore;
    }

    @JsonProperty("returneeChange")
    public long returneeChange() {
      return returneesAfter - returneesBefore;
    }

    @JsonProperty("changed")
    public boolean changed() {
      return idpsAfter != idpsBefore || returneesAfter != returneesBefore;
    }
  }
}
