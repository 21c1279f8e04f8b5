package org.opendtm.publication.internal.disclosure;

import java.util.ArrayList;
import java.util.List;

/**
 * An additive table (or several revisions of one) as the suppression engine sees it: variables with
 * values, and equations {@code parent = sum of children}.
 *
 * <p>A variable is one value the attacker might try to learn. Cells of different revisions that
 * have the same key and the same value are one variable (the worst case: the attacker knows which
 * cells did not change); the builder ({@link TableSystem}) does that merging.
 */
public final class SuppressionProblem {

  final List<Long> values = new ArrayList<>();
  final List<Boolean> hidden = new ArrayList<>();
  final List<Boolean> editable = new ArrayList<>();
  final List<Boolean> known = new ArrayList<>();
  final List<Boolean> sensitive = new ArrayList<>();
  final List<int[]> equations = new ArrayList<>();

  /**
   * Adds a variable.
   *
   * @param value its true value (never negative)
   * @param hidden suppressed from the start (primary, or kept from an earlier release)
   * @param editable whether the engine may suppress it as a complement (cells of the release being
   *     computed; never cells of releases already out)
   * @param known whether the attacker knows its value whatever we do now (it was published before)
   * @param sensitive whether its value must never be derivable (hidden by the primary rule); a
   *     complement may end up derivable, in which case it protects nothing and is published
   * @return its index
   */
  public int variable(
      long value, boolean hidden, boolean editable, boolean known, boolean sensitive) {
    values.add(value);
    this.sensitive.add(sensitive);
    this.hidden.add(hidden);
    this.editable.add(editable);
    this.known.add(known);
    return values.size() - 1;
  }

  /** Adds the equation {@code parent = sum of children}. */
  public void equation(int parent, int... children) {
    int[] eq = new int[children.length + 1];
    eq[0] = parent;
    System.arraycopy(children, 0, eq, 1, children.length);
    equations.add(eq);
  }

  public int size() {
    return values.size();
  }

  public long value(int variable) {
    return values.get(variable);
  }

  public boolean hidden(int variable) {
    return hidden.get(variable);
  }

  public boolean known(int variable) {
    return known.get(variable);
  }

  public List<int[]> equations() {
    return equations;
  }
}
