package org.opendtm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.opendtm.tracking.AssessmentType;

/**
 * Admin 0 = Σ admin 1 = Σ admin 2: a DTM file whose upper-level records hold the sums of its admin
 * 2 records raises no mismatch, and changing any upper-level record by any amount raises exactly
 * one, naming that record.
 */
class UpperLevelCheckProperties {

  /** admin 2 counts, grouped in admin 1 units by index modulo {@code admin1Count}. */
  @Property
  void consistentFilesHaveNoMismatchAndOneChangedRecordHasExactlyOne(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 100_000) Integer> admin2,
      @ForAll @IntRange(min = 1, max = 5) int admin1Count,
      @ForAll @IntRange(min = 1, max = 1_000) int delta,
      @ForAll boolean changeCountry) {
    Map<String, Long> admin1Sums = new HashMap<>();
    long total = 0;
    UpperLevelCheck consistent = new UpperLevelCheck();
    UpperLevelCheck changed = new UpperLevelCheck();
    for (int i = 0; i < admin2.size(); i++) {
      String admin1 = "XA0" + (i % admin1Count);
      String[] codes = {"XAA", admin1, admin1 + String.format("%02d", i)};
      consistent.add(AssessmentType.BA, 2, codes, new String[3], "Conflict", null, admin2.get(i));
      changed.add(AssessmentType.BA, 2, codes, new String[3], "Conflict", null, admin2.get(i));
      admin1Sums.merge(admin1, (long) admin2.get(i), Long::sum);
      total += admin2.get(i);
    }
    String changedUnit = changeCountry ? "XAA" : "XA00";
    for (var entry : admin1Sums.entrySet()) {
      String[] codes = {"XAA", entry.getKey(), null};
      int value = entry.getValue().intValue();
      consistent.add(AssessmentType.BA, 1, codes, new String[3], "Conflict", null, value);
      int written = entry.getKey().equals(changedUnit) ? value + delta : value;
      changed.add(AssessmentType.BA, 1, codes, new String[3], "Conflict", null, written);
    }
    String[] country = {"XAA", null, null};
    consistent.add(AssessmentType.BA, 0, country, new String[3], "Conflict", null, (int) total);
    int countryWritten = (int) total + (changeCountry ? delta : 0);
    changed.add(AssessmentType.BA, 0, country, new String[3], "Conflict", null, countryWritten);

    assertThat(consistent.mismatches()).isEmpty();
    List<UpperLevelCheck.Mismatch> mismatches = changed.mismatches();
    assertThat(mismatches).hasSize(1);
    UpperLevelCheck.Mismatch mismatch = mismatches.get(0);
    assertThat(mismatch.pcode()).isEqualTo(changedUnit);
    assertThat(mismatch.stated() - mismatch.derived()).isEqualTo(delta);
  }
}
