package org.opendtm.publication.internal.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-identification risk of a microdata file (submissions, survey records) over the quasi-
 * identifiers the data-protection officer chooses, and the recodings that lower it.
 *
 * <p>Frequency of a record: the number of records that agree with it on every quasi-identifier,
 * where a suppressed value ({@code null}) agrees with anything (as sdcMicro's local suppression).
 * k-anonymity = the smallest frequency. Individual risk {@code r_i = 1 / f_i}; global risk = the
 * mean of {@code r_i}, i.e. the expected share of records re-identified by an intruder who matches
 * on the quasi-identifiers and picks at random within the match, taking the file itself as the
 * population (no sampling weights: the conservative choice, since a sample only lowers it). Without
 * suppressed values it is simply (number of equivalence classes) / (number of records).
 *
 * <p>Release is blocked below k = 3 or at a global risk of 3 % or more.
 */
public final class MicrodataRisk {

  public static final int MIN_K = 3;
  public static final double MAX_RISK = 0.03;

  private MicrodataRisk() {}

  /** The assessment of a file. */
  public record Assessment(
      int records, int k, double globalRisk, int recordsBelowK, boolean releasable) {}

  public static Assessment assess(List<Map<String, String>> records, List<String> quasi) {
    int n = records.size();
    if (n == 0) return new Assessment(0, 0, 0, 0, false);
    int[] f = frequencies(records, quasi);
    int k = Integer.MAX_VALUE;
    double risk = 0;
    int below = 0;
    for (int fi : f) {
      k = Math.min(k, fi);
      risk += 1.0 / fi;
      if (fi < MIN_K) below++;
    }
    risk /= n;
    return new Assessment(n, k, risk, below, k >= MIN_K && risk < MAX_RISK);
  }

  static int[] frequencies(List<Map<String, String>> records, List<String> quasi) {
    int n = records.size();
    boolean anySuppressed =
        records.stream().anyMatch(r -> quasi.stream().anyMatch(q -> r.get(q) == null));
    int[] f = new int[n];
    if (!anySuppressed) {
      Map<List<String>, Integer> classes = new HashMap<>();
      List<List<String>> keys = new ArrayList<>(n);
      for (Map<String, String> r : records) {
        List<String> key = quasi.stream().map(r::get).toList();
        keys.add(key);
        classes.merge(key, 1, Integer::sum);
      }
      for (int i = 0; i < n; i++) f[i] = classes.get(keys.get(i));
      return f;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (compatible(records.get(i), records.get(j), quasi)) f[i]++;
      }
    }
    return f;
  }

  private static boolean compatible(Map<String, String> a, Map<String, String> b, List<String> q) {
    for (String field : q) {
      String x = a.get(field);
      String y = b.get(field);
      if (x != null && y != null && !x.equals(y)) return false;
    }
    return true;
  }

  // ---- recodings: each returns a new list, the input is never changed

  /** Numeric values into bands of {@code width} ("20-29"); non-numbers are left as they are. */
  public static List<Map<String, String>> band(
      List<Map<String, String>> records, String field, int width) {
    return map(
        records,
        field,
        v -> {
          try {
            long x = Long.parseLong(v.trim());
            long low = Math.floorDiv(x, width) * width;
            return low + "-" + (low + width - 1);
          } catch (NumberFormatException e) {
            return v;
          }
        });
  }

  /** Numeric values at or above {@code cap} become "{cap}+". */
  public static List<Map<String, String>> topCode(
      List<Map<String, String>> records, String field, long cap) {
    return map(
        records,
        field,
        v -> {
          try {
            return Long.parseLong(v.trim()) >= cap ? cap + "+" : v;
          } catch (NumberFormatException e) {
            return v;
          }
        });
  }

  /** Categories held by fewer than {@code minimum} records become {@code label}. */
  public static List<Map<String, String>> mergeRare(
      List<Map<String, String>> records, String field, int minimum, String label) {
    Map<String, Integer> counts = new HashMap<>();
    for (Map<String, String> r : records) {
      if (r.get(field) != null) counts.merge(r.get(field), 1, Integer::sum);
    }
    return map(records, field, v -> counts.get(v) < minimum ? label : v);
  }

  /**
   * Local suppression until the file is releasable: repeatedly takes the riskiest record and
   * suppresses (sets to null) the quasi-identifier whose removal raises its frequency most. Ends
   * releasable unless the file is too small for the risk limit (fewer than 34 records can never
   * reach a mean risk below 3 %).
   *
   * @return the protected records and the number of values suppressed
   */
  public static Suppressed suppressLocally(List<Map<String, String>> records, List<String> quasi) {
    List<Map<String, String>> current = new ArrayList<>();
    for (Map<String, String> r : records) current.add(new LinkedHashMap<>(r));
    int suppressed = 0;
    while (!assess(current, quasi).releasable()) {
      int[] f = frequencies(current, quasi);
      int worst = 0;
      for (int i = 1; i < f.length; i++) if (f[i] < f[worst]) worst = i;
      Map<String, String> record = current.get(worst);
      String best = null;
      int bestFrequency = -1;
      for (String q : quasi) {
        if (record.get(q) == null) continue;
        String old = record.put(q, null);
        int fi = frequencies(current, quasi)[worst];
        record.put(q, old);
        if (fi > bestFrequency) {
          bestFrequency = fi;
          best = q;
        }
      }
      if (best == null) break; // every quasi-identifier of the riskiest record is already gone
      record.put(best, null);
      suppressed++;
    }
    return new Suppressed(current, suppressed, assess(current, quasi));
  }

  /** The outcome of local suppression. */
  public record Suppressed(
      List<Map<String, String>> records, int valuesSuppressed, Assessment assessment) {}

  private static List<Map<String, String>> map(
      List<Map<String, String>> records,
      String field,
      java.util.function.UnaryOperator<String> recode) {
    List<Map<String, String>> result = new ArrayList<>(records.size());
    for (Map<String, String> r : records) {
      Map<String, String> copy = new LinkedHashMap<>(r);
      String v = copy.get(field);
      if (v != null) copy.put(field, recode.apply(v));
      result.add(copy);
    }
    return result;
  }
}
