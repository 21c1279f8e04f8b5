package org.opendtm.collection.internal.binding;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.opendtm.collection.FormBinding;
import org.opendtm.collection.FormBinding.Figure;
import org.opendtm.collection.FormField;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.Location;
import org.opendtm.geography.PcodeMatch;
import org.opendtm.geography.PlaceResolver;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.CollectedAssessment;
import org.opendtm.tracking.FigureInput;

/**
 * Applies a form's binding to one submission's values: the place, the assessment type and the
 * population figures. Reads fields by their XLSForm name through the fields of the version the
 * submission was made with, so a field that moved into another group between versions is still
 * found. Every problem is collected, each naming the field and the value, the way a reviewer can
 * act on it.
 */
public final class SubmissionBinder {

  /**
   * Either the assessment (with the P-code of its admin unit) or the problems that keep the
   * submission from becoming one.
   */
  public record Result(CollectedAssessment assessment, String unitPcode, List<String> problems) {
    public boolean applied() {
      return assessment != null;
    }
  }

  private final FormBinding binding;
  private final Map<String, String> pathByName = new HashMap<>();
  private final PlaceResolver places;
  private final int adminLevels;

  public SubmissionBinder(
      FormBinding binding, List<FormField> fields, PlaceResolver places, int adminLevels) {
    this.binding = binding;
    for (FormField f : fields) pathByName.put(f.name(), f.path());
    this.places = places;
    this.adminLevels = adminLevels;
  }

  public Result bind(String source, Map<String, String> values, LocalDate collectedOn) {
    return bind(source, values, path -> List.of(), collectedOn);
  }

  /**
   * Binds one submission.
   *
   * @param values the leaf values outside repeats, by absolute path
   * @param repeats for a repeat's absolute path, the leaf values of each of its answers, in order
   */
  public Result bind(
      String source,
      Map<String, String> values,
      Function<String, List<Map<String, String>>> repeats,
      LocalDate collectedOn) {
    List<String> problems = new ArrayList<>();
    Values answers = new Values(values, problems);

    ResolvedPlace place = place(answers, problems);

    AssessmentType type = binding.assessmentType();
    if (type == null && binding.assessmentTypeField() != null) {
      String written = answers.text(binding.assessmentTypeField());
      if (written == null) {
        problems.add("field " + binding.assessmentTypeField() + ": no assessment type given");
      } else {
        type = AssessmentType.parse(written).orElse(null);
        if (type == null) {
          problems.add(
              "field "
                  + binding.assessmentTypeField()
                  + ": '"
                  + written
                  + "' is not an assessment type (BA, SA or ETT)");
        }
      }
    }
    if (type == null && binding.assessmentTypeField() == null) type = AssessmentType.BA;

    List<FigureInput> figures = new ArrayList<>();
    for (Figure f : binding.figures()) {
      if (f.repeat() == null) {
        figure(f, answers, problems).ifPresent(figures::add);
        continue;
      }
      String repeatPath = pathByName.get(f.repeat());
      if (repeatPath == null) {
        problems.add("repeat " + f.repeat() + ": not in this form version");
        continue;
      }
      List<Map<String, String>> instances = repeats.apply(repeatPath);
      for (int i = 0; i < instances.size(); i++) {
        // an answer's own fields first, then the submission's (fields outside the repeat)
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(instances.get(i));
        List<String> own = new ArrayList<>();
        figure(f, new Values(merged, own), own).ifPresent(figures::add);
        int answer = i + 1;
        own.forEach(p -> problems.add(f.repeat() + " #" + answer + ": " + p));
      }
    }
    if (figures.isEmpty() && problems.isEmpty()) {
      problems.add("no population figure: every field of the binding's figures is empty");
    }
    if (!problems.isEmpty()) return new Result(null, null, List.copyOf(problems));
    return new Result(
        new CollectedAssessment(
            source,
            type,
            place.unit().id(),
            place.location() == null ? null : place.location().id(),
            place.code(),
            place.name(),
            place.written(),
            place.rule(),
            collectedOn,
            figures),
        place.unit().pcode(),
        List.of());
  }

  /** One figure from the answers, or empty when the enumerator left all its counts empty. */
  private Optional<FigureInput> figure(Figure f, Values answers, List<String> problems) {
    String reason = f.reason();
    if (f.reasonField() != null) reason = answers.text(f.reasonField());
    Long origin = null;
    if (f.originField() != null) {
      String written = answers.text(f.originField());
      if (written != null) {
        Optional<PcodeMatch> match = places.unit(written);
        if (match.isEmpty()) {
          problems.add("origin P-code " + written + " unknown (field " + f.originField() + ")");
        } else {
          origin = match.get().unit().id();
        }
      }
    }
    Integer households = answers.count(f.householdsField());
    Integer individuals = answers.count(f.individualsField());
    Integer males = answers.count(f.malesField());
    Integer females = answers.count(f.femalesField());
    List<Integer> sexAge = null;
    if (f.sexAgeFields() != null && !f.sexAgeFields().isEmpty()) {
      List<Integer> bands = new ArrayList<>();
      boolean any = false;
      for (String field : f.sexAgeFields()) {
        Integer n = answers.count(field);
        any |= n != null;
        bands.add(n == null ? 0 : n);
      }
      if (any) sexAge = bands;
    }
    // a figure the enumerator left empty is not a figure of zero people
    if (households == null
        && individuals == null
        && males == null
        && females == null
        && sexAge == null) {
      return Optional.empty();
    }
    return Optional.of(
        new FigureInput(
            f.group(),
            reason,
            origin,
            null,
            null,
            households,
            individuals,
            males,
            females,
            sexAge));
  }

  private record ResolvedPlace(
      AdminUnit unit, Location location, String code, String name, String written, String rule) {}

  private ResolvedPlace place(Values answers, List<String> problems) {
    String field = binding.placeField();
    String written = answers.text(field);
    if (written == null) {
      problems.add("field " + field + ": no place given");
      return null;
    }
    switch (binding.placeKind()) {
      case PCODE -> {
        Optional<PcodeMatch> match = places.unit(written);
        if (match.isEmpty()) {
          problems.add("P-code " + written + " unknown (field " + field + ")");
          return null;
        }
        AdminUnit unit = match.get().unit();
        if (unit.validTo() != null) {
          problems.add(
              "P-code " + written + " was retired on " + unit.validTo() + " (field " + field + ")");
          return null;
        }
        PcodeMatch m = match.get();
        return new ResolvedPlace(
            unit, null, unit.pcode(), unit.name(), m.exact() ? null : m.written(), m.rule());
      }
      case LOCATION_CODE -> {
        Optional<Location> location = places.location(written);
        if (location.isEmpty()) {
          problems.add("location code " + written + " unknown (field " + field + ")");
          return null;
        }
        Location l = location.get();
        AdminUnit unit = places.unitById(l.adminUnitId()).orElseThrow();
        return new ResolvedPlace(unit, l, l.code(), l.name(), null, null);
      }
      case GEOPOINT -> {
        String[] parts = written.split("\\s+");
        double latitude;
        double longitude;
        try {
          latitude = Double.parseDouble(parts[0]);
          longitude = Double.parseDouble(parts[1]);
        } catch (RuntimeException e) {
          problems.add("field " + field + ": '" + written + "' is not a geopoint");
          return null;
        }
        for (int level = adminLevels; level >= 1; level--) {
          Optional<AdminUnit> unit = places.unitAt(latitude, longitude, level);
          if (unit.isPresent()) {
            AdminUnit u = unit.get();
            return new ResolvedPlace(u, null, u.pcode(), u.name(), null, null);
          }
        }
        problems.add(
            "field "
                + field
                + ": the point "
                + latitude
                + " "
                + longitude
                + " is outside every admin unit boundary");
        return null;
      }
      default -> throw new IllegalStateException(binding.placeKind().name());
    }
  }

  /** Answers by field name, reporting unreadable counts. */
  private final class Values {
    private final Map<String, String> byPath;
    private final List<String> problems;

    Values(Map<String, String> byPath, List<String> problems) {
      this.byPath = byPath;
      this.problems = problems;
    }

    /** The answer, or null when empty or absent. */
    String text(String field) {
      if (field == null) return null;
      String path = pathByName.get(field);
      if (path == null) {
        problems.add("field " + field + ": not in this form version");
        return null;
      }
      String value = byPath.get(path);
      return value == null || value.isBlank() ? null : value.strip();
    }

    Integer count(String field) {
      String value = text(field);
      if (value == null) return null;
      try {
        int n = Integer.parseInt(value);
        if (n < 0) {
          problems.add("field " + field + ": " + n + " is negative");
          return null;
        }
        return n;
      } catch (NumberFormatException e) {
        problems.add("field " + field + ": '" + value + "' is not a number");
        return null;
      }
    }
  }
}
