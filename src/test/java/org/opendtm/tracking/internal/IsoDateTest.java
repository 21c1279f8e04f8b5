package org.opendtm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The reader's plain date path gives what {@link LocalDate#parse} gives, or leaves it to it. */
class IsoDateTest {

  @Test
  void plainDatesAreTheParsersDatesAndEverythingElseIsLeftToTheParser() {
    for (LocalDate d = LocalDate.of(1999, 1, 1); d.isBefore(LocalDate.of(2030, 1, 1)); ) {
      LocalDate plain = AssessmentFileReader.plainIsoDate(d.toString());
      if (plain != null) assertThat(plain).isEqualTo(LocalDate.parse(d.toString()));
      else assertThat(d.getDayOfMonth()).isGreaterThan(28);
      d = d.plusDays(1);
    }
    assertThat(AssessmentFileReader.plainIsoDate("0000-01-01"))
        .isEqualTo(LocalDate.parse("0000-01-01"));
    for (String other :
        new String[] {
          "2024-02-30",
          "2024-13-01",
          "2024-00-10",
          "2024-1-01",
          "24-01-01",
          "2024/01/01",
          "+2024-01-01",
          "2024-01-0a",
          "2024-02-29",
          ""
        }) {
      assertThat(AssessmentFileReader.plainIsoDate(other)).as(other).isNull();
    }
  }
}
