package org.opendtm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kept sums held in memory stay under their bound in places, least recently used first. */
class PlaceTotalsInMemoryTest {

  private static PlaceTotals.Previous sums(long round, String type, int places) {
    Map<String, long[]> individuals = new HashMap<>();
    for (int i = 0; i < places; i++) individuals.put("P" + i, new long[] {i, -1, -1, -1});
    return new PlaceTotals.Previous(round, 1, 1, type, individuals);
  }

  @Test
  void evictsTheLeastRecentlyUsedBeyondTheBound() {
    PlaceTotals.InMemory memory = new PlaceTotals.InMemory(10);
    memory.put(sums(1, "BA", 4));
    memory.put(sums(2, "BA", 4));
    assertThat(memory.places()).isEqualTo(8);
    assertThat(memory.get(1, "BA")).isNotNull(); // round 1 is now the most recently used
    memory.put(sums(3, "SA", 4));
    assertThat(memory.get(2, "BA")).isNull();
    assertThat(memory.get(1, "BA")).isNotNull();
    assertThat(memory.get(3, "SA")).isNotNull();
    assertThat(memory.places()).isEqualTo(8);
  }

  @Test
  void replacesARoundsTypeAndSkipsWhatAloneExceedsTheBound() {
    PlaceTotals.InMemory memory = new PlaceTotals.InMemory(10);
    memory.put(sums(1, "BA", 4));
    memory.put(sums(1, "BA", 6));
    assertThat(memory.places()).isEqualTo(6);
    assertThat(memory.get(1, "BA").individuals()).hasSize(6);
    memory.put(sums(2, "BA", 11));
    assertThat(memory.get(2, "BA")).isNull();
    assertThat(memory.places()).isEqualTo(6);
  }

  @Test
  void answersByPlaceAndGroup() {
    PlaceTotals.Previous previous = sums(1, "BA", 3);
    assertThat(previous.individuals("P2", "IDP")).isEqualTo(2L);
    assertThat(previous.individuals("P2", "HOST")).isNull();
    assertThat(previous.individuals("P9", "IDP")).isNull();
  }
}
