package org.opendtm.geography.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.PcodeMatch;

class PcodeIndexTest {

  private static final LocalDate START = LocalDate.of(1900, 1, 1);

  private static AdminUnit unit(long id, int level, String pcode) {
    return new AdminUnit(id, level, pcode, "Unit " + pcode, null, START, null, false);
  }

  private static AdminUnit retired(long id, int level, String pcode, LocalDate until) {
    return new AdminUnit(id, level, pcode, "Old " + pcode, null, START, until, false);
  }

  @Test
  void matchesExactlyIgnoringCaseAndSpaces() {
    var index = new PcodeIndex(List.of(unit(1, 1, "CAF12")), "CAF", "CF");
    PcodeMatch match = index.match("  caf12 ").orElseThrow();
    assertThat(match.unit().id()).isEqualTo(1);
    assertThat(match.exact()).isTrue();
  }

  @Test
  void matchesTheAlpha2PrefixToAnAlpha3UnitAndTheReverse() {
    var caf = new PcodeIndex(List.of(unit(1, 1, "CAF12"), unit(2, 1, "CF13")), "CAF", "CF");
    assertThat(caf.match("CF12").orElseThrow().rule()).isEqualTo(PcodeIndex.COUNTRY_PREFIX);
    assertThat(caf.match("CF12").orElseThrow().unit().pcode()).isEqualTo("CAF12");
    assertThat(caf.match("CAF13").orElseThrow().unit().pcode()).isEqualTo("CF13");

    var chad = new PcodeIndex(List.of(unit(3, 1, "TD07")), "TCD", "TD");
    PcodeMatch match = chad.match("TCD07").orElseThrow();
    assertThat(match.unit().pcode()).isEqualTo("TD07");
    assertThat(match.rule()).isEqualTo("COUNTRY_PREFIX");
    assertThat(new PcodeIndex(List.of(unit(4, 1, "TCD07")), "TCD", "TD").match("TD07"))
        .hasValueSatisfying(m -> assertThat(m.unit().id()).isEqualTo(4));
  }

  @Test
  void matchesWithoutSeparatorsAndWithBothRules() {
    var index = new PcodeIndex(List.of(unit(1, 2, "NG008001")), "NGA", "NG");
    assertThat(index.match("NG-008.001").orElseThrow().rule()).isEqualTo(PcodeIndex.SEPARATORS);
    assertThat(index.match("NGA 008_001").orElseThrow().rule())
        .isEqualTo("COUNTRY_PREFIX+SEPARATORS");
  }

  @Test
  void neverGuessesBeyondTheRules() {
    var index = new PcodeIndex(List.of(unit(1, 1, "CAF12")), "CAF", "CF");
    assertThat(index.match("CF012")).isEmpty(); // a different number is a different place
    assertThat(index.match("CAF1")).isEmpty();
    assertThat(index.match("TD12")).isEmpty(); // another country's prefix
    assertThat(index.match("")).isEmpty();
  }

  @Test
  void anAmbiguousMatchMatchesNothing() {
    // NG-001 squeezes to NG001 and so does NG_001: two different stored codes
    var index = new PcodeIndex(List.of(unit(1, 1, "NG-001"), unit(2, 1, "NG_001")), "NGA", "NG");
    assertThat(index.match("NG001")).isEmpty();
    assertThat(index.match("NG-001")).hasValueSatisfying(m -> assertThat(m.exact()).isTrue());
  }

  @Test
  void prefersTheCurrentVersionOfAPcode() {
    var index =
        new PcodeIndex(
            List.of(
                retired(1, 1, "CF12", LocalDate.of(2020, 1, 1)),
                unit(2, 1, "CF12"),
                retired(3, 1, "CF12", LocalDate.of(2022, 1, 1))),
            "CAF",
            "CF");
    assertThat(index.match("CF12").orElseThrow().unit().id()).isEqualTo(2);
    var onlyRetired =
        new PcodeIndex(
            List.of(
                retired(1, 1, "CF12", LocalDate.of(2020, 1, 1)),
                retired(3, 1, "CF12", LocalDate.of(2022, 1, 1))),
            "CAF",
            "CF");
    assertThat(onlyRetired.match("CAF12").orElseThrow().unit().id()).isEqualTo(3);
  }

  @Test
  void takesTheAlpha2PrefixOfAUserAssignedCountryFromItsAdm0Unit() {
    List<AdminUnit> units = List.of(unit(1, 0, "XL"), unit(2, 1, "XL01"));
    assertThat(PcodeIndex.alpha2Prefix("XLA", units)).isEqualTo("XL");
    assertThat(PcodeIndex.alpha2Prefix("CAF", units)).isEqualTo("CF");
    var index = new PcodeIndex(units, "XLA", PcodeIndex.alpha2Prefix("XLA", units));
    assertThat(index.match("XLA01").orElseThrow().unit().id()).isEqualTo(2);
  }
}
