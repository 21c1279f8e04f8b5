package org.opendtm.publication.internal.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Risks computed by hand in the comments. */
class MicrodataRiskTest {

  static final List<String> QI = List.of("sex", "age");

  static Map<String, String> person(String sex, String age) {
    Map<String, String> r = new HashMap<>();
    r.put("sex", sex);
    r.put("age", age);
    r.put("shelter", "tent"); // not a quasi-identifier: ignored
    return r;
  }

  static List<Map<String, String>> ten() {
    List<Map<String, String>> r = new ArrayList<>();
    String[][] people = {
      {"M", "23"}, {"M", "25"}, {"M", "27"}, {"F", "30"}, {"F", "31"},
      {"F", "33"}, {"F", "34"}, {"M", "61"}, {"M", "45"}, {"F", "29"}
    };
    for (String[] p : people) r.add(person(p[0], p[1]));
    return r;
  }

  @Test
  void rawAgesMakeEveryoneUnique() {
    // 10 classes of 1: k = 1, risk = 10 x (1/1) / 10 = 100 %
    MicrodataRisk.Assessment a = MicrodataRisk.assess(ten(), QI);
    assertThat(a.k()).isEqualTo(1);
    assertThat(a.globalRisk()).isCloseTo(1.0, within(1e-12));
    assertThat(a.recordsBelowK()).isEqualTo(10);
    assertThat(a.releasable()).isFalse();
  }

  @Test
  void tenYearBandsAndTopCodingLowerTheRisk() {
    // bands: M20-29 x3, F30-39 x4, M60-69, M40-49, F20-29
    // risk = (3 x 1/3 + 4 x 1/4 + 1 + 1 + 1) / 10 = 5/10
    List<Map<String, String>> banded = MicrodataRisk.band(ten(), "age", 10);
    assertThat(banded.get(0).get("age")).isEqualTo("20-29");
    MicrodataRisk.Assessment a = MicrodataRisk.assess(banded, QI);
    assertThat(a.k()).isEqualTo(1);
    assertThat(a.globalRisk()).isCloseTo(0.5, within(1e-12));

    // top-coding at 40 first: M20-29 x3, F30-39 x4, M40+ x2, F20-29 -> (1 + 1 + 1 + 1) / 10
    List<Map<String, String>> coded =
        MicrodataRisk.band(MicrodataRisk.topCode(ten(), "age", 40), "age", 10);
    assertThat(coded.get(7).get("age")).isEqualTo("40+");
    MicrodataRisk.Assessment b = MicrodataRisk.assess(coded, QI);
    assertThat(b.k()).isEqualTo(1);
    assertThat(b.globalRisk()).isCloseTo(0.4, within(1e-12));
    assertThat(b.recordsBelowK()).isEqualTo(3); // the two M40+ and the F20-29
  }

  @Test
  void mergingRareCategories() {
    List<Map<String, String>> merged = MicrodataRisk.mergeRare(ten(), "sex", 5, "Other");
    // M: 5 records, F: 5 records -> neither is rare
    assertThat(merged).extracting(r -> r.get("sex")).doesNotContain("Other");
    merged = MicrodataRisk.mergeRare(ten(), "age", 2, "other");
    assertThat(merged).extracting(r -> r.get("age")).containsOnly("other");
  }

  @Test
  void localSuppressionReachesTheThresholdsOnAHundredRecords() {
    // 50 x (M, 20-29), 48 x (F, 30-39), 1 x (M, 40+), 1 x (F, 20-29)
    List<Map<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) records.add(person("M", "20-29"));
    for (int i = 0; i < 48; i++) records.add(person("F", "30-39"));
    records.add(person("M", "40+"));
    records.add(person("F", "20-29"));
    // 4 classes / 100 records = 4 % >= 3 %, and k = 1: blocked
    MicrodataRisk.Assessment before = MicrodataRisk.assess(records, QI);
    assertThat(before.k()).isEqualTo(1);
    assertThat(before.globalRisk()).isCloseTo(0.04, within(1e-12));
    assertThat(before.releasable()).isFalse();

    // (M,40+): hiding age -> (M,*) matches 50 + itself = 51 (hiding sex: 1) -> age.
    // (F,20-29): hiding sex -> (*,20-29) matches 50 + (M,*) + itself = 52 (hiding age: 49).
    // Then f = 52 for the 50 M20-29, (M,*) and (*,20-29); 48 for F30-39:
    // risk = (52 x 1/52 + 48 x 1/48) / 100 = 2 %, k = 48.
    MicrodataRisk.Suppressed result = MicrodataRisk.suppressLocally(records, QI);
    assertThat(result.valuesSuppressed()).isEqualTo(2);
    assertThat(result.records().get(98)).containsEntry("sex", "M").containsEntry("age", null);
    assertThat(result.records().get(99)).containsEntry("sex", null).containsEntry("age", "20-29");
    assertThat(result.assessment().k()).isEqualTo(48);
    assertThat(result.assessment().globalRisk()).isCloseTo(0.02, within(1e-12));
    assertThat(result.assessment().releasable()).isTrue();
    assertThat(records.get(98)).containsEntry("age", "40+"); // the input is untouched
  }
}
