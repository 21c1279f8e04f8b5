package org.opendtm.collection.internal.xlsform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.opendtm.collection.FormField;

/**
 * Any well-formed XLSForm built of the common types, nested groups and repeats, and references to
 * earlier fields converts into an XForm that JavaRosa accepts, and lists every field exactly once,
 * at the path and in the repeat where the workbook put it.
 */
class XlsFormConverterProperties {

  private static final String[] TYPES = {
    "text", "integer", "decimal", "date", "select_one yes_no", "select_multiple yes_no", "note"
  };

  @Property(tries = 60)
  void wellFormedFormsConvertAndKeepEveryField(
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 10) Integer> steps) {
    List<SheetRow> survey = new ArrayList<>();
    Deque<String> open = new ArrayDeque<>(); // "group:path" or "repeat:path"
    Map<String, String> expectedPaths = new LinkedHashMap<>();
    Map<String, String> expectedRepeats = new HashMap<>();
    List<String> questions = new ArrayList<>();
    int n = 0;
    for (int step : steps) {
      String name = "f" + n++;
      String parent =
          open.isEmpty() ? "/data" : open.peek().substring(open.peek().indexOf(':') + 1);
      String repeat =
          open.stream()
              .filter(o -> o.startsWith("repeat:"))
              .findFirst()
              .map(o -> o.substring(7))
              .orElse(null);
      if (step <= 6) {
        String relevant =
            questions.isEmpty() ? "" : "${" + questions.get(questions.size() - 1) + "} != ''";
        survey.add(row(survey, TYPES[step], name, "Question " + name, relevant, ""));
        questions.add(name);
      } else if (step == 7) {
        String earlier = questions.isEmpty() ? "1" : "${" + questions.get(0) + "}";
        survey.add(row(survey, "calculate", name, "", "", "concat(" + earlier + ", 'x')"));
        questions.add(name);
      } else if (step <= 9 && open.size() < 3) {
        String kind = step == 8 ? "group" : "repeat";
        survey.add(row(survey, "begin " + kind, name, "Section " + name, "", ""));
        open.push(kind + ":" + parent + "/" + name);
      } else if (!open.isEmpty()) {
        String closing = open.pop();
        survey.add(
            row(survey, "end " + closing.substring(0, closing.indexOf(':')), "", "", "", ""));
        continue;
      } else {
        continue;
      }
      expectedPaths.put(name, parent + "/" + name);
      if (repeat != null) expectedRepeats.put(name, repeat);
    }
    while (!open.isEmpty()) {
      String closing = open.pop();
      survey.add(row(survey, "end " + closing.substring(0, closing.indexOf(':')), "", "", "", ""));
    }
    if (survey.isEmpty()) survey.add(row(survey, "text", "only", "Only", "", ""));
    if (expectedPaths.isEmpty()) expectedPaths.put("only", "/data/only");

    List<SheetRow> choices =
        List.of(
            new SheetRow(
                "choices", 2, Map.of("list_name", "yes_no", "name", "yes", "label", "Yes")),
            new SheetRow("choices", 3, Map.of("list_name", "yes_no", "name", "no", "label", "No")));
    var workbook =
        new XlsFormWorkbook(
            survey,
            choices,
            Map.of("form_id", "generated"),
            2,
            List.of("type", "name", "label", "relevant", "calculation"),
            List.of("list_name", "name", "label"));

    var form = XlsFormConverter.convert(workbook, "generated.xlsx", "1");

    Map<String, FormField> byName = new HashMap<>();
    form.fields().forEach(f -> assertThat(byName.put(f.name(), f)).as(f.name()).isNull());
    expectedPaths.forEach(
        (name, path) -> {
          assertThat(byName).containsKey(name);
          assertThat(byName.get(name).path()).isEqualTo(path);
          assertThat(byName.get(name).repeat()).isEqualTo(expectedRepeats.get(name));
        });
    assertThat(form.fields()).hasSize(expectedPaths.size() + 1); // + meta/instanceID
  }

  private static SheetRow row(
      List<SheetRow> survey,
      String type,
      String name,
      String label,
      String relevant,
      String calculation) {
    Map<String, String> cells = new LinkedHashMap<>();
    cells.put("type", type);
    if (!name.isEmpty()) cells.put("name", name);
    if (!label.isEmpty()) cells.put("label", label);
    if (!relevant.isEmpty()) cells.put("relevant", relevant);
    if (!calculation.isEmpty()) cells.put("calculation", calculation);
    return new SheetRow("survey", survey.size() + 2L, cells);
  }
}
