package org.opendtm.publication.internal.disclosure;

import java.util.ArrayList;
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
    Map<String, Integer> variables = new LinkedHashMap<>(); // key \u0000 value -> variable
    Set<String> hiddenBefore = new LinkedHashSet<>();
    Set<String> publishedBefore = new LinkedHashSet<>(); // key \u0000 value
    for (Release release : earlier) {
      hiddenBefore.addAll(release.hidden());
      for (Map.Entry<String, Long> cell : release.table().values.entrySet()) {
        if (!release.hidden().contains(cell.getKey())) {
          publishedBefore.add(cell.getKey() + '\u0000' + cell.getValue());
        }
      }
    }
    List<List<int[]>> releaseEquations = new ArrayList<>();
    for (Release release : earlier) {
      Map<String, Integer> local = new LinkedHashMap<>();
      for (Map.Entry<String, Long> cell : release.table().values.entrySet()) {
        String id = cell.getKey() + '\u0000' + cell.getValue();
        int variable =
            variables.computeIfAbsent(
                id,
                x ->
                    problem.variable(
                        cell.getValue(),
                        release.hidden().contains(cell.getKey()),
                        false,
                        publishedBefore.contains(x),
                        release.table().sensitive.contains(cell.getKey())));
        local.put(cell.getKey(), variable);
      }
      releaseEquations.add(mapEquations(release.table(), local));
    }
    Map<String, Integer> current = new LinkedHashMap<>();
    for (Map.Entry<String, Long> cell : values.entrySet()) {
      String key = cell.getKey();
      String id = key + '\u0000' + cell.getValue();
      boolean hide = sensitive.contains(key) || hiddenBefore.contains(key);
      boolean primary = sensitive.contains(key);
      Integer variable = variables.get(id);
      if (variable == null) {
        variable = problem.variable(cell.getValue(), hide, true, false, primary);
        variables.put(id, variable);
      } else {
        if (hide) problem.hidden.set(variable, true);
        if (primary) problem.sensitive.set(variable, true);
        // the same value hidden before: still ours to publish if it turns out derivable
        problem.editable.set(variable, !problem.known(variable));
      }
      current.put(key, variable);
    }
    for (List<int[]> eqs : releaseEquations) eqs.forEach(eq -> problem.equations.add(eq));
    problem.equations.addAll(mapEquations(this, current));

    CellSuppression.Result result = CellSuppression.protect(problem);
    Set<String> hidden = new LinkedHashSet<>();
    for (Map.Entry<String, Integer> cell : current.entrySet()) {
      if (result.hidden()[cell.getValue()]) hidden.add(cell.getKey());
    }
    Map<Integer, String> names = new LinkedHashMap<>();
    variables.forEach((id, variable) -> names.put(variable, id.replace('\u0000', '=')));
    return new Protection(
        hidden, result.complements(), result.unresolved().stream().map(names::get).toList());
  }

  private static List<int[]> mapEquations(Table table, Map<String, Integer> variables) {
    List<int[]> result = new ArrayList<>();
    for (String[] eq : table.equations) {
      int[] mapped = new int[eq.length];
      boolean complete = true;
      for (int i = 0; i < eq.length; i++) {
        Integer v = variables.get(eq[i]);
        if (v == null) complete = false;
        else mapped[i] = v;
      }
      if (complete) result.add(mapped);
    }
    return result;
  }
}
