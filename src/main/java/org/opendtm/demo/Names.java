package org.opendtm.demo;

import java.util.Locale;
import java.util.Set;

/**
 * Invented place names from syllables, so the demo country needs no real names. The syllables are
 * chosen to read as pronounceable without resembling any one real language.
 */
final class Names {

  private static final String[] ONSETS = {
    "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y", "z", "ch", "sh",
    "th", "mb", "nd", "kw", "br", "tr", "gal", "mor", "ka", "lo"
  };
  private static final String[] VOWELS = {
    "a", "e", "i", "o", "u", "a", "o", "ai", "ou", "ei", "ia", "e", "a"
  };
  private static final String[] CODAS = {"", "", "", "", "n", "r", "l", "m", "s", "k", "nt", "rd"};

  private Names() {}

  /** A name of two or three syllables, capitalised. */
  static String invent(Dice dice) {
    int syllables = dice.chance(0.55) ? 2 : 3;
    StringBuilder name = new StringBuilder();
    for (int s = 0; s < syllables; s++) {
      if (s == 0 && dice.chance(0.15)) {
        // a vowel-initial name now and then
      } else {
        name.append(ONSETS[dice.nextInt(ONSETS.length)]);
      }
      name.append(VOWELS[dice.nextInt(VOWELS.length)]);
      if (s == syllables - 1 || dice.chance(0.25)) name.append(CODAS[dice.nextInt(CODAS.length)]);
    }
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  /** A name not yet in {@code taken}, which is then added to it. */
  static String unique(Dice dice, Set<String> taken) {
    for (int attempt = 0; ; attempt++) {
      String name = invent(dice);
      if (attempt > 50) {
        // a crowded level (a very large generated country): number the name rather than loop
        name = name + " " + (attempt - 49);
        if (taken.add(name)) return name;
      } else if (name.length() >= 4 && name.length() <= 14 && taken.add(name)) {
        return name;
      }
    }
  }
}
