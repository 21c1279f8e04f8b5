package org.opendtm.platform.tabular;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An HXL hashtag with its attributes, e.g. {@code #affected+idps+ind}. Case and attribute order do
 * not matter, as in the HXL standard.
 */
public record HxlTag(String name, Set<String> attributes) {

  public HxlTag {
    name = name.toLowerCase(Locale.ROOT);
    attributes = Set.copyOf(attributes);
  }

  /** Parses a cell of the hashtag row; empty when the cell holds no hashtag. */
  public static Optional<HxlTag> parse(String cell) {
    if (cell == null) return Optional.empty();
    String text = cell.strip();
    if (!text.startsWith("#") || text.length() < 2) return Optional.empty();
    String[] parts = text.substring(1).split("\\s*\\+\\s*");
    String name = parts[0].strip();
    if (name.isEmpty() || !name.matches("[A-Za-z][A-Za-z0-9_]*")) return Optional.empty();
    Set<String> attributes = new TreeSet<>();
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].strip().toLowerCase(Locale.ROOT);
      if (!attribute.isEmpty()) attributes.add(attribute);
    }
    return Optional.of(new HxlTag(name, attributes));
  }

  public boolean has(String attribute) {
    return attributes.contains(attribute);
  }

  public boolean hasAny(String... candidates) {
    for (String candidate : candidates) if (attributes.contains(candidate)) return true;
    return false;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("#").append(name);
    new TreeSet<>(attributes).forEach(a -> text.append('+').append(a));
    return text.toString();
  }
}
