package org.opendtm.demo;

/**
 * A small seeded random source (SplitMix64). Written out rather than taken from the JDK so that the
 * demo files stay byte-identical across JDK versions, and so that any location, round or event can
 * have its own stream derived from the seed — which is what lets the generator stream: the figures
 * of location 73,512 in round 17 are recomputed from their keys, never remembered.
 */
final class Dice {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;
  private double spareGaussian = Double.NaN;

  private Dice(long state) {
    this.state = state;
  }

  /** A stream for the given seed and keys; different keys give independent streams. */
  static Dice of(long seed, long... keys) {
    long state = mix(seed + GOLDEN_GAMMA);
    for (long key : keys) state = mix(state ^ mix(key * GOLDEN_GAMMA + 0x632BE59BD9B4E019L));
    return new Dice(state);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    return (int) ((nextLong() >>> 1) % bound);
  }

  /** Uniform in [low, high], both included. */
  int between(int low, int high) {
    return low + nextInt(high - low + 1);
  }

  /** Uniform in [low, high). */
  double between(double low, double high) {
    return low + (high - low) * nextDouble();
  }

  boolean chance(double probability) {
    return nextDouble() < probability;
  }

  /** Standard normal (Box–Muller with StrictMath, so results do not depend on the CPU). */
  double gaussian() {
    if (!Double.isNaN(spareGaussian)) {
      double value = spareGaussian;
      spareGaussian = Double.NaN;
      return value;
    }
    double u = 1.0 - nextDouble();
    double v = nextDouble();
    double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u));
    spareGaussian = radius * StrictMath.sin(2 * StrictMath.PI * v);
    return radius * StrictMath.cos(2 * StrictMath.PI * v);
  }

  /** Log-normal around a median, with the spread of the underlying normal. */
  double logNormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * gaussian());
  }

  /** Index drawn with probability proportional to the weights. */
  int weighted(double[] weights) {
    double total = 0;
    for (double w : weights) total += w;
    double target = nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0) return i;
    }
    return weights.length - 1;
  }
}
