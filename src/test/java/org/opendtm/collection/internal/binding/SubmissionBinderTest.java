package org.opendtm.collection.internal.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendtm.collection.FormBinding;
import org.opendtm.collection.FormBinding.Figure;
import org.opendtm.collection.FormBinding.PlaceKind;
import org.opendtm.collection.FormField;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.Location;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.PcodeMatch;
import org.opendtm.geography.PlaceResolver;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.CollectedAssessment;
import org.opendtm.tracking.PopulationGroup;

class SubmissionBinderTest {

  static final LocalDate DAY = LocalDate.of(2024, 11, 20);
  static final AdminUnit KAGA =
      new AdminUnit(11, 2, "CAF0101", "Kaga", 1L, LocalDate.of(2020, 1, 1), null, false);
  static final AdminUnit OLD =
      new AdminUnit(
          12, 2, "CAF0199", "Old", 1L, LocalDate.of(2020, 1, 1), LocalDate.of(2024, 1, 1), false);
  static final Location SITE =
      new Location(5, "CAF0101-S01", "Kaga site", LocationKind.SITE, 11, 8.1, 20.5, null);

  /** A hand-written resolver: Kaga (also written CF0101), a retired unit, one site, one box. */
  static final PlaceResolver PLACES =
      new PlaceResolver() {
        @Override
        public Optional<PcodeMatch> unit(String written) {
          return switch (written) {
            case "CAF0101" -> Optional.of(new PcodeMatch(written, KAGA, null));
            case "CF0101" -> Optional.of(new PcodeMatch(written, KAGA, "COUNTRY_PREFIX"));
            case "CAF0199" -> Optional.of(new PcodeMatch(written, OLD, null));
            default -> Optional.empty();
          };
        }

        @Override
        public Optional<AdminUnit> unitById(long id) {
          return id == 11 ? Optional.of(KAGA) : Optional.empty();
        }

        @Override
        public Optional<AdminUnit> ancestor(AdminUnit unit, int level) {
          return Optional.empty();
        }

        @Override
        public Optional<Location> location(String code) {
          return code.equals(SITE.code()) ? Optional.of(SITE) : Optional.empty();
        }

        @Override
        public Optional<AdminUnit> unitAt(double latitude, double longitude, int level) {
          boolean inKaga = latitude > 8 && latitude < 9 && longitude > 20 && longitude < 21;
          return inKaga && level == 2 ? Optional.of(KAGA) : Optional.empty();
        }

        @Override
        public boolean hasGeography() {
          return true;
        }
      };

  static final List<FormField> FIELDS =
      List.of(
          field("/data/place", "place", "string"),
          field("/data/gps", "gps", "geopoint"),
          field("/data/kind", "kind", "string"),
          field("/data/idps/hh", "hh", "int"),
          field("/data/idps/ind", "ind", "int"),
          field("/data/idps/why", "why", "string"),
          field("/data/idps/f0", "f0", "int"),
          field("/data/idps/m0", "m0", "int"));

  static FormField field(String path, String name, String dataType) {
    return new FormField(path, name, "x", dataType, null, null, null);
  }

  static FormBinding binding(String placeField, PlaceKind kind, AssessmentType type) {
    return new FormBinding(
        placeField,
        kind,
        type,
        type == null ? "kind" : null,
        List.of(
            new Figure(
                PopulationGroup.IDP, null, "why", "hh", "ind", null, null, List.of("f0", "m0"))));
  }

  static SubmissionBinder.Result bind(FormBinding binding, Map<String, String> values) {
    return new SubmissionBinder(binding, FIELDS, PLACES, 2).bind("uuid:1", values, DAY);
  }

  @Test
  void aPcodeWrittenAnotherWayIsResolvedAndTheRuleKept() {
    var result =
        bind(
            binding("place", PlaceKind.PCODE, AssessmentType.BA),
            Map.of(
                "/data/place", "CF0101",
                "/data/idps/hh", "4",
                "/data/idps/ind", "20",
                "/data/idps/why", "conflict",
                "/data/idps/f0", "11",
                "/data/idps/m0", "9"));
    assertThat(result.problems()).isEmpty();
    CollectedAssessment a = result.assessment();
    assertThat(a.source()).isEqualTo("uuid:1");
    assertThat(a.place()).isEqualTo("CAF0101");
    assertThat(a.placeName()).isEqualTo("Kaga");
    assertThat(a.pcodeWritten()).isEqualTo("CF0101");
    assertThat(a.pcodeRule()).isEqualTo("COUNTRY_PREFIX");
    assertThat(a.collectedOn()).isEqualTo(DAY);
    assertThat(a.figures()).hasSize(1);
    assertThat(a.figures().get(0).households()).isEqualTo(4);
    assertThat(a.figures().get(0).reason()).isEqualTo("conflict");
    assertThat(a.figures().get(0).sexAge()).containsExactly(11, 9);
  }

  @Test
  void aLocationCodeGivesTheLocationAndItsUnit() {
    var result =
        bind(
            binding("place", PlaceKind.LOCATION_CODE, null),
            Map.of("/data/place", "CAF0101-S01", "/data/kind", "site", "/data/idps/ind", "7"));
    assertThat(result.problems()).isEmpty();
    assertThat(result.assessment().locationId()).isEqualTo(5L);
    assertThat(result.assessment().adminUnitId()).isEqualTo(11L);
    assertThat(result.assessment().type()).isEqualTo(AssessmentType.SA);
    assertThat(result.assessment().figures().get(0).sexAge()).isNull();
  }

  @Test
  void aGeopointIsResolvedByPointInPolygonAtTheDeepestLevelWithABoundary() {
    var inside =
        bind(
            binding("gps", PlaceKind.GEOPOINT, AssessmentType.BA),
            Map.of("/data/gps", "8.5 20.5 300 5", "/data/idps/ind", "7"));
    assertThat(inside.assessment().place()).isEqualTo("CAF0101");
    var outside =
        bind(
            binding("gps", PlaceKind.GEOPOINT, AssessmentType.BA),
            Map.of("/data/gps", "1.0 1.0 0 0", "/data/idps/ind", "7"));
    assertThat(outside.problems())
        .containsExactly("field gps: the point 1.0 1.0 is outside every admin unit boundary");
  }

  @Test
  void everyProblemIsNamedWithItsFieldAndValue() {
    var result =
        bind(
            binding("place", PlaceKind.PCODE, null),
            Map.of(
                "/data/place", "CAF0199",
                "/data/kind", "census",
                "/data/idps/hh", "abc",
                "/data/idps/ind", "-3"));
    assertThat(result.applied()).isFalse();
    assertThat(result.problems())
        .containsExactly(
            "P-code CAF0199 was retired on 2024-01-01 (field place)",
            "field kind: 'census' is not an assessment type (BA, SA or ETT)",
            "field hh: 'abc' is not a number",
            "field ind: -3 is negative");
    assertThat(
            bind(
                    binding("place", PlaceKind.PCODE, AssessmentType.BA),
                    Map.of("/data/place", "XL0199", "/data/idps/ind", "1"))
                .problems())
        .containsExactly("P-code XL0199 unknown (field place)");
  }

  @Test
  void aSubmissionWithEveryFigureEmptyIsNotAnAssessmentOfZeroPeople() {
    var result =
        bind(
            binding("place", PlaceKind.PCODE, AssessmentType.BA), Map.of("/data/place", "CAF0101"));
    assertThat(result.problems())
        .containsExactly("no population figure: every field of the binding's figures is empty");
  }

  @Test
  void instancesAreReadByPathAndEditedInPlace() {
    InstanceXml xml =
        InstanceXml.parse(
            ("<data id=\"f\"><place>CAF0101</place><idps><hh> 4 </hh></idps>"
                    + "<meta><instanceID>uuid:1</instanceID></meta></data>")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(xml.values())
        .containsEntry("/data/place", "CAF0101")
        .containsEntry("/data/idps/hh", "4")
        .containsEntry("/data/meta/instanceID", "uuid:1");
    assertThat(xml.set("/data/idps/hh", "5 & more")).isEqualTo("4");
    assertThat(InstanceXml.parse(xml.bytes()).values()).containsEntry("/data/idps/hh", "5 & more");
    assertThatThrownBy(() -> xml.set("/data/idps", "1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> xml.set("/data/nothing", "1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRepeatGivesOneFigurePerAnswerWithItsOrigin() {
    List<FormField> fields =
        List.of(
            field("/data/place", "place", "string"),
            field("/data/why", "why", "string"),
            new FormField("/data/origins", "origins", "repeat", null, null, null, null),
            new FormField(
                "/data/origins/from", "from", "text", "string", null, null, "/data/origins"),
            new FormField(
                "/data/origins/ind", "ind", "integer", "int", null, null, "/data/origins"));
    FormBinding binding =
        new FormBinding(
            "place",
            PlaceKind.PCODE,
            AssessmentType.BA,
            null,
            List.of(
                new Figure(
                    PopulationGroup.IDP,
                    null,
                    "why",
                    null,
                    "ind",
                    null,
                    null,
                    null,
                    "origins",
                    "from")));
    InstanceXml xml =
        InstanceXml.parse(
            ("<data xmlns:jr=\"http://openrosa.org/javarosa\"><place>CAF0101</place>"
                    + "<why>Conflict</why>"
                    + "<origins jr:template=\"\"><from/><ind/></origins>"
                    + "<origins><from>CAF0101</from><ind>12</ind></origins>"
                    + "<origins><from>CF0101</from><ind>3</ind></origins>"
                    + "<origins><from/><ind/></origins>"
                    + "</data>")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(xml.repeat("/data/origins")).hasSize(3);

    var result =
        new SubmissionBinder(binding, fields, PLACES, 2)
            .bind("uuid:1", xml.values(), xml::repeat, DAY);

    assertThat(result.problems()).isEmpty();
    assertThat(result.assessment().figures())
        .extracting(f -> f.reason() + " " + f.originAdminUnitId() + " " + f.individuals())
        // the empty answer is no figure; the template is no answer
        .containsExactly("Conflict 11 12", "Conflict 11 3");

    InstanceXml bad =
        InstanceXml.parse(
            ("<data><place>CAF0101</place><why>Conflict</why>"
                    + "<origins><from>XX01</from><ind>2</ind></origins></data>")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(
            new SubmissionBinder(binding, fields, PLACES, 2)
                .bind("uuid:2", bad.values(), bad::repeat, DAY)
                .problems())
        .containsExactly("origins #1: origin P-code XX01 unknown (field from)");
  }

  @Test
  void aDoctypeIsNeverRead() {
    byte[] evil =
        ("<?xml version=\"1.0\"?><!DOCTYPE data [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<data>&x;</data>")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> InstanceXml.parse(evil))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DOCTYPE");
  }
}
