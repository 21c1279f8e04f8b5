package org.opendtm.publication.internal.disclosure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Secondary (complementary) suppression of an additive table: after it, no hidden value can be
 * derived exactly from the published values and the table's equations.
 *
 * <p>The attacker model: published values, every equation {@code parent = sum of children}, and
 * that no value is negative. Hidden cells whose value is 0 are treated as known (a zero sits on the
 * non-negativity bound, which could pin it), as are cells known from an earlier release. The
 * remaining hidden cells -- the "unknowns" -- all have values of at least 1, so if the linear
 * system leaves an unknown free (some null-space vector moves it), a small step along that vector
 * stays non-negative: the unknown's feasible interval, even under the LP bounds, has positive
 * width. So "no unknown is determined by the linear system" (checked exactly by {@link
 * Determinacy}) is exactly "no hidden value can be derived" under this model.
 *
 * <p>Algorithm, repeated to a fixed point:
 *
 * <ol>
 *   <li>Line rule: an equation with exactly one unknown gives it away; hide one more of its
 *       published cells, the smallest non-zero value first (least information lost).
 *   <li>Exact check: {@link Determinacy} over all equations; for each unknown still determined,
 *       hide the smallest published non-zero editable cell of an equation that touches its
 *       connected component (cells linked through equations with unknowns).
 * </ol>
 *
 * Hiding only ever grows, so the loop ends. If a sensitive determined unknown has no candidate left
 * (every cell around it is already hidden, zero or released earlier), it is reported as unresolved.
 */
public final class CellSuppression {

  /** The outcome: which variables are hidden, and those still determined (normally none). */
  public record Result(boolean[] hidden, List<Integer> unresolved, int complements) {}

  private CellSuppression() {}

  public static Result protect(SuppressionProblem problem) {
    int n = problem.size();
    boolean[] hidden = new boolean[n];
    for (int i = 0; i < n; i++) hidden[i] = problem.hidden(i);
    List<int[]> equations = problem.equations();
    List<List<Integer>> byVariable = new ArrayList<>(n);
    for (int i = 0; i < n; i++) byVariable.add(new ArrayList<>());
    for (int e = 0; e < equations.size(); e++) {
      for (int v : equations.get(e)) byVariable.get(v).add(e);
    }
    int complements = 0;
    while (true) {
      complements += lineRule(problem, hidden, byVariable);
      List<Integer> determined = determined(problem, hidden);
      List<Integer> exposed = determined.stream().filter(v -> problem.sensitive.get(v)).toList();
      if (exposed.isEmpty()) return finish(problem, hidden, determined, List.of(), complements);
      int added = 0;
      List<Integer> unresolved = new ArrayList<>();
      for (int variable : exposed) {
        int complement = complementAround(problem, hidden, byVariable, variable);
        if (complement < 0) {
          unresolved.add(variable);
          continue;
        }
        hidden[complement] = true;
        added++;
      }
      complements += added;
      if (added == 0) return finish(problem, hidden, determined, unresolved, complements);
    }
  }

  /**
   * Publishes the editable complements the attacker can derive anyway: hiding them protects
   * nothing, and a cell shown as suppressed must not be derivable.
   */
  private static Result finish(
      SuppressionProblem problem,
      boolean[] hidden,
      List<Integer> determined,
      List<Integer> unresolved,
      int complements) {
    for (int v : determined) {
      if (problem.editable.get(v) && !problem.sensitive.get(v)) {
        hidden[v] = false;
        complements--;
      }
    }
    return new Result(hidden, unresolved, complements);
  }

  /** The attacker's unknowns: hidden, not known otherwise, not zero. */
  static boolean unknown(SuppressionProblem problem, boolean[] hidden, int variable) {
    return hidden[variable] && !problem.known(variable) && problem.value(variable) != 0;
  }

  private static boolean candidate(SuppressionProblem problem, boolean[] hidden, int variable) {
    return !hidden[variable]
        && problem.editable.get(variable)
        && !problem.known(variable)
        && problem.value(variable) > 0;
  }

  private static int lineRule(
      SuppressionProblem problem, boolean[] hidden, List<List<Integer>> byVariable) {
    List<int[]> equations = problem.equations();
    Deque<Integer> queue = new ArrayDeque<>();
    boolean[] queued = new boolean[equations.size()];
    for (int e = 0; e < equations.size(); e++) {
      queue.add(e);
      queued[e] = true;
    }
    int added = 0;
    while (!queue.isEmpty()) {
      int e = queue.poll();
      queued[e] = false;
      int unknowns = 0;
      int best = -1;
      for (int v : equations.get(e)) {
        if (unknown(problem, hidden, v)) unknowns++;
        else if (candidate(problem, hidden, v) && better(problem, v, best)) best = v;
      }
      if (unknowns != 1 || best < 0) continue;
      hidden[best] = true;
      added++;
      for (int other : byVariable.get(best)) {
        if (!queued[other]) {
          queue.add(other);
          queued[other] = true;
        }
      }
    }
    return added;
  }

  private static boolean better(SuppressionProblem problem, int v, int best) {
    return best < 0 || problem.value(v) < problem.value(best);
  }

  private static List<Integer> determined(SuppressionProblem problem, boolean[] hidden) {
    int n = problem.size();
    int[] index = new int[n];
    Arrays.fill(index, -1);
    int unknowns = 0;
    for (int i = 0; i < n; i++) if (unknown(problem, hidden, i)) index[i] = unknowns++;
    List<int[]> vars = new ArrayList<>();
    List<int[]> coefficients = new ArrayList<>();
    for (int[] eq : problem.equations()) {
      int count = 0;
      for (int v : eq) if (index[v] >= 0) count++;
      if (count == 0) continue;
      int[] vs = new int[count];
      int[] cs = new int[count];
      int k = 0;
      for (int j = 0; j < eq.length; j++) {
        if (index[eq[j]] < 0) continue;
        vs[k] = index[eq[j]];
        cs[k++] = j == 0 ? 1 : -1;
      }
      vars.add(vs);
      coefficients.add(cs);
    }
    boolean[] determined = Determinacy.determined(unknowns, vars, coefficients);
    List<Integer> result = new ArrayList<>();
    for (int i = 0; i < n; i++) if (index[i] >= 0 && determined[index[i]]) result.add(i);
    return result;
  }

  /**
   * The smallest candidate in an equation of the variable, else in any equation reached from it
   * through unknowns (its connected component); -1 if none.
   */
  private static int complementAround(
      SuppressionProblem problem, boolean[] hidden, List<List<Integer>> byVariable, int start) {
    List<int[]> equations = problem.equations();
    boolean[] seenVariable = new boolean[problem.size()];
    boolean[] seenEquation = new boolean[equations.size()];
    List<Integer> frontier = List.of(start);
    seenVariable[start] = true;
    while (!frontier.isEmpty()) {
      int best = -1;
      List<Integer> next = new ArrayList<>();
      for (int variable : frontier) {
        for (int e : byVariable.get(variable)) {
          if (seenEquation[e]) continue;
          seenEquation[e] = true;
          for (int v : equations.get(e)) {
            if (candidate(problem, hidden, v) && better(problem, v, best)) best = v;
            if (!seenVariable[v] && unknown(problem, hidden, v)) {
              seenVariable[v] = true;
              next.add(v);
            }
          }
        }
      }
      if (best >= 0) return best; // nearest ring first, smallest value within it
      frontier = next;
    }
    return -1;
  }
}
