package org.opendtm.publication.internal.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which unknowns of a homogeneous linear system are uniquely determined by it.
 *
 * <p>The attacker of a suppressed table knows every published value and every additive relation
 * (parent = sum of children). Substituting the published values leaves a system {@code A x = b}
 * over the suppressed cells. An unknown {@code x_i} is uniquely determined iff every vector of the
 * null space of {@code A} has a zero i-th component, i.e. iff column i is not a combination of the
 * other columns. That depends on {@code A} only, never on {@code b} (the published values), so this
 * class needs no values at all.
 *
 * <p>Method: incremental sparse Gauss-Jordan elimination into reduced row echelon form. After all
 * equations are in, a pivot unknown whose reduced row holds no other unknown is determined; every
 * other unknown (free, or a pivot tied to a free one) is not. Arithmetic is exact modulo the
 * Mersenne prime 2^61-1: a rank over this field can differ from the rank over the rationals only if
 * the prime divides one of the matrix's minors, which for the 0/+-1 matrices of additive tables
 * does not happen in practice; the property tests check the result against an independent
 * elimination over exact rationals.
 */
public final class Determinacy {

  static final long P = (1L << 61) - 1;

  private Determinacy() {}

  /**
   * @param unknowns number of unknowns, numbered 0..unknowns-1
   * @param equations each equation as {@code {unknown, coefficient}} pairs: {@code vars[k]} with
   *     coefficient {@code coefficients[k]}; coefficients are small integers (+1 / -1)
   * @return for each unknown, whether the system determines it uniquely
   */
  public static boolean[] determined(int unknowns, List<int[]> vars, List<int[]> coefficients) {
    Map<Integer, Map<Integer, Long>> rows = new HashMap<>(); // pivot -> reduced row (pivot coef 1)
    Map<Integer, Set<Integer>> occurs = new HashMap<>(); // non-pivot unknown -> pivots using it
    for (int e = 0; e < vars.size(); e++) {
      Map<Integer, Long> row = new HashMap<>();
      int[] v = vars.get(e);
      int[] c = coefficients.get(e);
      for (int k = 0; k < v.length; k++) add(row, v[k], mod(c[k]));
      // substitute existing pivots: their rows hold only non-pivot unknowns, so one pass suffices
      for (Integer pivot : new ArrayList<>(row.keySet())) {
        Map<Integer, Long> pivotRow = rows.get(pivot);
        if (pivotRow == null) continue;
        Long factor = row.get(pivot);
        if (factor == null) continue;
        for (Map.Entry<Integer, Long> t : pivotRow.entrySet()) {
          add(row, t.getKey(), P - mul(factor, t.getValue()));
        }
      }
      if (row.isEmpty()) continue; // dependent on the equations already in
      // pivot on the unknown used by the fewest rows, to keep fill-in low
      int pivot = -1;
      int best = Integer.MAX_VALUE;
      for (Integer var : row.keySet()) {
        int uses = occurs.getOrDefault(var, Set.of()).size();
        if (uses < best || (uses == best && var < pivot)) {
          best = uses;
          pivot = var;
        }
      }
      long inverse = inverse(row.get(pivot));
      row.replaceAll((var, value) -> mul(value, inverse));
      // eliminate the new pivot from every row that uses it
      Set<Integer> users = occurs.remove(pivot);
      if (users != null) {
        for (Integer other : users) {
          Map<Integer, Long> otherRow = rows.get(other);
          long factor = otherRow.get(pivot);
          for (Map.Entry<Integer, Long> t : row.entrySet()) {
            int var = t.getKey();
            boolean had = otherRow.containsKey(var);
            add(otherRow, var, P - mul(factor, t.getValue()));
            boolean has = otherRow.containsKey(var);
            if (var != pivot && var != other && had != has) {
              if (has) occurs.computeIfAbsent(var, x -> new HashSet<>()).add(other);
              else {
                Set<Integer> s = occurs.get(var);
                if (s != null) s.remove(other);
              }
            }
          }
        }
      }
      for (Integer var : row.keySet()) {
        if (var != pivot) occurs.computeIfAbsent(var, x -> new HashSet<>()).add(pivot);
      }
      rows.put(pivot, row);
    }
    boolean[] result = new boolean[unknowns];
    for (Map.Entry<Integer, Map<Integer, Long>> r : rows.entrySet()) {
      if (r.getValue().size() == 1) result[r.getKey()] = true;
    }
    return result;
  }

  private static void add(Map<Integer, Long> row, int var, long value) {
    long sum = (row.getOrDefault(var, 0L) + value) % P;
    if (sum == 0) row.remove(var);
    else row.put(var, sum);
  }

  private static long mod(long value) {
    long r = value % P;
    return r < 0 ? r + P : r;
  }

  /** a*b mod 2^61-1 for a, b in [0, P). */
  static long mul(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    long r = (lo & P) + (lo >>> 61) + (hi << 3);
    r = (r & P) + (r >>> 61);
    return r >= P ? r - P : r;
  }

  private static long inverse(long a) {
    long result = 1;
    long base = a;
    long e = P - 2;
    while (e > 0) {
      if ((e & 1) == 1) result = mul(result, base);
      base = mul(base, base);
      e >>= 1;
    }
    return result;
  }
}
