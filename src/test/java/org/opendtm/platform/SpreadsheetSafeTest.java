package org.opendtm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpreadsheetSafeTest {

  @Test
  void defusesFormulaStarts() {
    assertThat(SpreadsheetSafe.cell("=SUM(A1)")).isEqualTo("'=SUM(A1)");
    assertThat(SpreadsheetSafe.cell("+cmd")).isEqualTo("'+cmd");
    assertThat(SpreadsheetSafe.cell("-cmd")).isEqualTo("'-cmd");
    assertThat(SpreadsheetSafe.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(SpreadsheetSafe.cell("\tx")).isEqualTo("'\tx");
    assertThat(SpreadsheetSafe.cell("\rx")).isEqualTo("'\rx");
  }

  @Test
  void leavesNumbersAndPlainTextAlone() {
    assertThat(SpreadsheetSafe.cell("-12")).isEqualTo("-12");
    assertThat(SpreadsheetSafe.cell("+3.5")).isEqualTo("+3.5");
    assertThat(SpreadsheetSafe.cell("Bol")).isEqualTo("Bol");
    assertThat(SpreadsheetSafe.cell("")).isEmpty();
    assertThat(SpreadsheetSafe.cell(null)).isNull();
  }
}
