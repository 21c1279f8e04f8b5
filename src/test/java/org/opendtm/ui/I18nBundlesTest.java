package org.opendtm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The message bundles are complete: every key of the English bundle is in the French and Arabic
 * ones (and no language has keys English lacks), no value is blank, and the templates use no
 * literal key that English lacks.
 */
class I18nBundlesTest {

  private static final Path I18N = Path.of("src/main/resources/i18n");
  private static final Path TEMPLATES = Path.of("src/main/resources/templates");
  private static final List<String> BUNDLES = List.of("messages", "review", "collection");
  private static final List<String> LANGUAGES = List.of("fr", "ar");

  /** {@code #{key}} and {@code #{key(args)}}; keys built in expressions start with a quote. */
  private static final Pattern KEY = Pattern.compile("#\\{([A-Za-z][A-Za-z0-9_.-]*)[}(]");

  @Test
  void everyKeyExistsInEnglishFrenchAndArabic() throws IOException {
    for (String bundle : BUNDLES) {
      Properties english = load(bundle + ".properties");
      for (String language : LANGUAGES) {
        Properties other = load(bundle + "_" + language + ".properties");
        assertThat(new TreeSet<>(other.stringPropertyNames()))
            .as("keys of %s_%s", bundle, language)
            .isEqualTo(new TreeSet<>(english.stringPropertyNames()));
        other.forEach(
            (key, value) ->
                assertThat(value.toString()).as("%s_%s: %s", bundle, language, key).isNotBlank());
      }
      english.forEach(
          (key, value) -> assertThat(value.toString()).as("%s: %s", bundle, key).isNotBlank());
    }
  }

  @Test
  void templatesUseOnlyKeysEnglishHas() throws IOException {
    Set<String> known = new TreeSet<>();
    for (String bundle : BUNDLES) known.addAll(load(bundle + ".properties").stringPropertyNames());
    List<String> missing = new ArrayList<>();
    int used = 0;
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
        Matcher matcher = KEY.matcher(Files.readString(file));
        while (matcher.find()) {
          used++;
          if (!known.contains(matcher.group(1))) {
            missing.add(TEMPLATES.relativize(file) + ": " + matcher.group(1));
          }
        }
      }
    }
    assertThat(used).as("keys found in templates").isGreaterThan(20);
    assertThat(missing).as("keys used by templates but missing in English").isEmpty();
  }

  /** Keys built in templates from a prefix must exist for every value the code can produce. */
  @Test
  void errorPagesHaveATitleAndHelpForEveryStatusTheyShow() throws IOException {
    Properties english = load("messages.properties");
    for (String status : List.of("400", "401", "403", "404", "409", "422", "500", "other")) {
      assertThat(english).containsKeys("error." + status, "error." + status + ".help");
    }
    for (String type : List.of("BA", "SA", "ETT")) {
      assertThat(english).containsKey("assessment." + type);
    }
    for (String trend : List.of("up", "down", "flat")) {
      assertThat(english).containsKey("trend." + trend);
    }
  }

  private static Properties load(String name) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(I18N.resolve(name), StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }
}
