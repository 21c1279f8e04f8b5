package org.opendtm.publication.internal.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One revision's additive table by cell key: values, the cells the primary rule hides, and the
 * equations {@code parent = sum of children} between keys.
 */
public final class Table {

  final Map<String, Long> values = new LinkedHashMap<>();
  final Set<String> sensitive = new LinkedHashSet<>();
  final List<String[]> equations = new ArrayList<>();

  /** Adds a cell; {@code sensitive} = hidden by the primary rule. */
  public Table cell(String key, long value, boolean sensitive) {
    values.put(key, value);
    if (sensitive) this.sensitive.add(key);
    return this;
  }

  /** Adds {@code parent = sum of children} (keys must be cells of the table). */
  public Table equation(String parent, List<String> children) {
    String[] eq = new String[children.size() + 1];
    eq[0] = parent;
    for (int i = 0; i < children.size(); i++) eq[i + 1] = children.get(i);
    equations.add(eq);
    return this;
  }

  public Map<String, Long> values() {
    return values;
  }

  public Set<String> sensitive() {
    return sensitive;
  }

  public List<String[]> equations() {
    return equations;
  }

  /** A table released earlier with the cells it hid. */
  public record Release(Table table, Set<String> hidden) {}

  /** The cells to hide in this table and what the engine did. */
  public record Protection(Set<String> hidden, int complements, List<String> unresolved) {}

  /**
   * Hides this table's sensitive cells and enough complements that neither this table nor its
   * combination with the earlier releases (other revisions of the round, or this revision under an
   * earlier threshold) lets a hidden value be derived. Rule for differencing: a key hidden in any
   * earlier release stays hidden (so is its complement, being hidden there too); cells of this
   * table and an earlier one with the same key and value are one variable (the attacker may know
   * the cell did not change), and a value already published is known and never used as a
   * complement.
   */
  public Protection protect(List<Release> earlier) {
    SuppressionProblem problem = new SuppressionProblem();
    Map<Cell, Integer> variables = new HashMap<>(); // one variable per key and value
    Set<String> hiddenBefore = new HashSet<>();
    Set<Cell> publishedBefore = new HashSet<>();
    for (Release release : earlier) {
      hiddenBefore.addAll(release.hidden());
      for (Map.Entry<String, Long> cell : release.table().values.entrySet()) {
        if (!release.hidden().contains(cell.getKey())) {
          publishedBefore.add(new Cell(cell.getKey(), cell.getValue()));
        }
      }
    }
    Set<Equation> equations = new LinkedHashSet<>(); // an equation repeated by a release is one
    for (Release release : earlier) {
      Map<String, Integer> local = new HashMap<>();
      for (Map.Entry<String, Long> entry : release.table().values.entrySet()) {
        Cell cell = new Cell(entry.getKey(), entry.getValue());
        int variable =
            variables.computeIfAbsent(
                cell,
                x ->
                    problem.variable(
                        cell.value(),
                        release.hidden().contains(cell.key()),
                        false,
                        publishedBefore.contains(x),
                        release.table().sensitive.contains(cell.key())));
        local.put(cell.key(), variable);
      }
      mapEquations(release.table(), local, equations);
    }
    Map<String, Integer> current = new LinkedHashMap<>();
    for (Map.Entry<String, Long> entry : values.entrySet()) {
      String key = entry.getKey();
      Cell cell = new Cell(key, entry.getValue());
      boolean hide = sensitive.contains(key) || hiddenBefore.contains(key);
      boolean primary = sensitive.contains(key);
      Integer variable = variables.get(cell);
      if (variable == null) {
        variable = problem.variable(cell.value(), hide, true, false, primary);
        variables.put(cell, variable);
      } else {
        if (hide) problem.hidden.set(variable, true);
        if (primary) problem.sensitive.set(variable, true);
        // the same value hidden before: still ours to publish if it turns out derivable
        problem.editable.set(variable, !problem.known(variable));
      }
      current.put(key, variable);
    }
    mapEquations(this, current, equations);
    for (Equation equation : equations) problem.equations.add(equation.variables);

    CellSuppression.Result result = CellSuppression.protect(problem);
    Set<String> hidden = new LinkedHashSet<>();
    for (Map.Entry<String, Integer> cell : current.entrySet()) {
      if (result.hidden()[cell.getValue()]) hidden.add(cell.getKey());
    }
    Map<Integer, String> names = new HashMap<>();
    variables.forEach((cell, variable) -> names.put(variable, cell.key() + "=" + cell.value()));
    return new Protection(
        hidden, result.complements(), result.unresolved().stream().map(names::get).toList());
  }

  /** A value of a cell key: cells of several releases with the same key and value are one. */
  private record Cell(String key, long value) {}

  /**
   * {@code variables[0] = sum of variables[1..]}; equal to another when the parent and the set of
   * children are (a release repeating an equation of another tells the attacker nothing more).
   */
  private static final class Equation {
    final int[] variables;
    private final int[] identity;
    private final int hash;

    Equation(int[] variables) {
      this.variables = variables;
      this.identity = variables.clone();
      Arrays.sort(identity, 1, identity.length);
      this.hash = Arrays.hashCode(identity);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Equation that && Arrays.equals(identity, that.identity);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static void mapEquations(
      Table table, Map<String, Integer> variables, Set<Equation> into) {
    for (String[] eq : table.equations) {
      int[] mapped = new int[eq.length];
      boolean complete = true;
      for (int i = 0; i < eq.length; i++) {
        Integer v = variables.get(eq[i]);
        if (v == null) complete = false;
        else mapped[i] = v;
      }
      if (complete) into.add(new Equation(mapped));
    }
  }
}
