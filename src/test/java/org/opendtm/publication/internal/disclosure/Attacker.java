package org.opendtm.publication.internal.disclosure;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An attacker written independently of the engine: it takes every release (table + hidden cells),
 * substitutes every value it can see, and solves the remaining additive equations exactly over the
 * rationals (dense Gauss-Jordan with BigInteger fractions) to find every hidden value that is
 * uniquely determined.
 *
 * <p>Worst-case knowledge: cells of two releases with the same key and value are the same unknown
 * (it knows what did not change); a value published in any release is known; a hidden value of 0 is
 * treated as known (it sits on the non-negativity bound). Every other unknown is at least 1, so a
 * free direction of the linear system is also feasible under non-negativity: what this attacker
 * cannot pin down, an LP attacker cannot either.
 */
final class Attacker {

  private Attacker() {}

  /** The "key=value" of every hidden cell whose value the releases give away. */
  static Set<String> disclosed(List<Table.Release> releases) {
    Map<String, Integer> unknowns = new LinkedHashMap<>();
    Set<String> published = new LinkedHashSet<>();
    for (Table.Release r : releases) {
      r.table()
          .values()
          .forEach(
              (k, v) -> {
                if (!r.hidden().contains(k)) published.add(k + "=" + v);
              });
    }
    for (Table.Release r : releases) {
      r.table()
          .values()
          .forEach(
              (k, v) -> {
                String id = k + "=" + v;
                if (r.hidden().contains(k) && v != 0 && !published.contains(id)) {
                  unknowns.putIfAbsent(id, unknowns.size());
                }
              });
    }
    int n = unknowns.size();
    List<Frac[]> rows = new ArrayList<>();
    for (Table.Release r : releases) {
      for (String[] eq : r.table().equations()) {
        Frac[] row = new Frac[n];
        java.util.Arrays.fill(row, Frac.ZERO);
        boolean any = false;
        for (int i = 0; i < eq.length; i++) {
          Integer u = unknowns.get(eq[i] + "=" + r.table().values().get(eq[i]));
          if (u == null) continue;
          row[u] = row[u].add(Frac.of(i == 0 ? 1 : -1));
          any = true;
        }
        if (any) rows.add(row);
      }
    }
    // reduced row echelon form
    int rank = 0;
    int[] pivotOfRow = new int[rows.size()];
    for (int col = 0; col < n && rank < rows.size(); col++) {
      int sel = -1;
      for (int r = rank; r < rows.size(); r++) {
        if (!rows.get(r)[col].isZero()) {
          sel = r;
          break;
        }
      }
      if (sel < 0) continue;
      Frac[] tmp = rows.get(sel);
      rows.set(sel, rows.get(rank));
      rows.set(rank, tmp);
      Frac[] pivot = rows.get(rank);
      Frac inv = pivot[col].inverse();
      for (int c = 0; c < n; c++) if (!pivot[c].isZero()) pivot[c] = pivot[c].mul(inv);
      for (int r = 0; r < rows.size(); r++) {
        if (r == rank || rows.get(r)[col].isZero()) continue;
        Frac[] row = rows.get(r);
        Frac f = row[col];
        for (int c = 0; c < n; c++) {
          if (!pivot[c].isZero()) row[c] = row[c].sub(f.mul(pivot[c]));
        }
      }
      pivotOfRow[rank] = col;
      rank++;
    }
    Set<String> result = new LinkedHashSet<>();
    List<String> names = new ArrayList<>(unknowns.keySet());
    for (int r = 0; r < rank; r++) {
      int nonZero = 0;
      for (int c = 0; c < n; c++) if (!rows.get(r)[c].isZero()) nonZero++;
      if (nonZero == 1) result.add(names.get(pivotOfRow[r]));
    }
    return result;
  }

  record Frac(BigInteger num, BigInteger den) {
    static final Frac ZERO = new Frac(BigInteger.ZERO, BigInteger.ONE);

    static Frac of(long v) {
      return new Frac(BigInteger.valueOf(v), BigInteger.ONE);
    }

    static Frac norm(BigInteger n, BigInteger d) {
      if (d.signum() < 0) {
        n = n.negate();
        d = d.negate();
      }
      BigInteger g = n.gcd(d);
      return g.signum() == 0 ? ZERO : new Frac(n.divide(g), d.divide(g));
    }

    boolean isZero() {
      return num.signum() == 0;
    }

    Frac add(Frac o) {
      return norm(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Frac sub(Frac o) {
      return norm(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
    }

    Frac mul(Frac o) {
      return norm(num.multiply(o.num), den.multiply(o.den));
    }

    Frac inverse() {
      return norm(den, num);
    }
  }
}
