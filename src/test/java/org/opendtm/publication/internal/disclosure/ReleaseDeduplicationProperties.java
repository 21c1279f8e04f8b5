package org.opendtm.publication.internal.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The two shortcuts {@link DisclosureControl} takes with earlier releases of a round, on random
 * tables (the generators of {@link PublicTableProperties}): releases that published the same table
 * with the same cells hidden are given to the engine once, and a revision whose table equals an
 * earlier one under the same threshold reuses that run's pattern. Neither may change what the
 * attacker learns.
 */
class ReleaseDeduplicationProperties {

  /** The same rows built again: another revision with the same figures. */
  private static Table.Release again(Map<String, long[]> leaves, int threshold, Table.Release r) {
    return new Table.Release(
        PublicTable.build(PublicTableProperties.rows(leaves), threshold), r.hidden());
  }

  @Property(tries = 60)
  void aReleaseRepeatedChangesNothingTheEngineDecides(
      @ForAll long seed, @ForAll @IntRange(min = 5, max = 12) int threshold) {
    Random random = new Random(seed);
    Map<String, long[]> first = PublicTableProperties.randomLeaves(random);
    Table.Release one =
        release(PublicTable.build(PublicTableProperties.rows(first), threshold), List.of());
    Map<String, long[]> second = PublicTableProperties.correct(first, random);
    Table.Release two =
        release(PublicTable.build(PublicTableProperties.rows(second), threshold), List.of(one));
    Map<String, long[]> third = PublicTableProperties.correct(second, random);

    Table.Protection once =
        PublicTable.build(PublicTableProperties.rows(third), threshold).protect(List.of(one, two));
    Table.Protection repeated =
        PublicTable.build(PublicTableProperties.rows(third), threshold)
            .protect(
                List.of(
                    one,
                    again(first, threshold, one),
                    two,
                    again(second, threshold, two),
                    again(first, threshold, one)));

    assertThat(repeated.hidden()).isEqualTo(once.hidden());
    assertThat(repeated.complements()).isEqualTo(once.complements());
    assertThat(repeated.unresolved()).isEqualTo(once.unresolved());
  }

  @Property(tries = 60)
  void reusingThePatternOfAnIdenticalTableDisclosesNothingNew(
      @ForAll long seed, @ForAll @IntRange(min = 5, max = 12) int threshold) {
    Random random = new Random(seed);
    Map<String, long[]> first = PublicTableProperties.randomLeaves(random);
    Table.Release one =
        release(PublicTable.build(PublicTableProperties.rows(first), threshold), List.of());
    Map<String, long[]> second = PublicTableProperties.correct(first, random);
    Table.Release two =
        release(PublicTable.build(PublicTableProperties.rows(second), threshold), List.of(one));

    // revision 3 = revision 1's figures again, published with revision 1's pattern
    Table.Release three = again(first, threshold, one);
    assertThat(three.hidden()).containsAll(three.table().sensitive());
    assertThat(Attacker.disclosed(List.of(one, two, three)))
        .isEqualTo(Attacker.disclosed(List.of(one, two)));
  }

  private static Table.Release release(Table table, List<Table.Release> earlier) {
    return new Table.Release(table, table.protect(earlier).hidden());
  }
}
