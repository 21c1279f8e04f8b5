package org.opendtm.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class DemoBreakdownProperties {

  @Property
  void sexAndAgeBandsSumExactlyAndStayWithinOneOfTheirShare(
      @ForAll @IntRange(min = 0, max = 2_000_000) int total) {
    int[] bands = DemoSimulation.bands(total);
    assertThat(Arrays.stream(bands).sum()).isEqualTo(total);
    double[] shares = {0.035, 0.165, 0.30, 0.44, 0.06};
    for (int i = 0; i < bands.length; i++) {
      assertThat(Math.abs(bands[i] - total * shares[i])).isLessThan(1.0);
    }
  }

  @Property
  void householdSizesOfWrittenFiguresArePlausible(
      @ForAll @IntRange(min = DemoSimulation.MINIMUM_FIGURE, max = 500_000) int individuals,
      @ForAll @IntRange(min = 5, max = 7) int householdSize) {
    int households = DemoCountryGenerator.households(individuals, householdSize);
    double size = (double) individuals / households;
    assertThat(size).isBetween(1.5, 15.0);
  }

  @Property(tries = 200)
  void diceStreamsAreReproducibleAndStayInRange(@ForAll @LongRange long seed) {
    Dice a = Dice.of(seed, 13, 7), b = Dice.of(seed, 13, 7);
    for (int i = 0; i < 20; i++) {
      double x = a.nextDouble();
      assertThat(x).isEqualTo(b.nextDouble()).isGreaterThanOrEqualTo(0).isLessThan(1);
      assertThat(a.between(3, 8)).isEqualTo(b.between(3, 8)).isBetween(3, 8);
    }
  }
}
