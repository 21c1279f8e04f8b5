package org.opendtm.collection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Builds XLSForm workbooks for tests, with POI, as a form designer lays them out: one header row
 * per sheet, then rows. {@link #dtmBaseline()} is a realistic DTM key-informant form.
 */
public final class XlsForms {

  private final Map<String, List<String[]>> sheets = new LinkedHashMap<>();

  public static XlsForms workbook() {
    return new XlsForms();
  }

  /** Adds a row (the first row of a sheet is its header). */
  public XlsForms row(String sheet, String... cells) {
    sheets.computeIfAbsent(sheet, s -> new ArrayList<>()).add(cells);
    return this;
  }

  public XlsForms survey(String... cells) {
    return row("survey", cells);
  }

  public XlsForms choices(String... cells) {
    return row("choices", cells);
  }

  public XlsForms settings(String... cells) {
    return row("settings", cells);
  }

  public byte[] bytes() {
    try (XSSFWorkbook workbook = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      sheets.forEach(
          (name, rows) -> {
            XSSFSheet sheet = workbook.createSheet(name);
            for (int r = 0; r < rows.size(); r++) {
              var row = sheet.createRow(r);
              String[] cells = rows.get(r);
              for (int c = 0; c < cells.length; c++) {
                if (cells[c] != null && !cells[c].isEmpty()) {
                  row.createCell(c).setCellValue(cells[c]);
                }
              }
            }
          });
      workbook.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path write(Path directory) {
    try {
      Path file = Files.createTempFile(directory, "form", ".xlsx");
      Files.write(file, bytes());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Survey columns of {@link #dtmBaseline()}, in order. */
  public static final String[] SURVEY_COLUMNS = {
    "type",
    "name",
    "label::English (en)",
    "label::Français (fr)",
    "hint::English (en)",
    "required",
    "relevant",
    "constraint",
    "constraint_message::English (en)",
    "calculation",
    "choice_filter",
    "appearance",
    "repeat_count"
  };

  /**
   * A DTM baseline / site key-informant form: place (admin 1 and a filtered admin 2 select, site
   * P-code, GPS), IDP households and individuals, sex-and-age bands with a check, displacement
   * reasons (select_multiple with or_other), a repeat of key informants, English and French labels.
   * Survey rows: header is row 1, {@code start} row 2, … (see the row comments).
   */
  public static XlsForms dtmBaseline() {
    XlsForms form = workbook();
    form.survey(SURVEY_COLUMNS);
    form.survey("start", "start") // row 2
        .survey("end", "end")
        .survey("today", "today")
        .survey("deviceid", "deviceid")
        .survey("username", "username") // row 6
        .survey("acknowledge", "consent", "The informant agrees to answer", "L'informateur accepte")
        .survey(
            "begin group", "location", "Location", "Lieu", "", "", "", "", "", "", "", "field-list")
        .survey("select_one admin1", "admin1", "State", "État", "", "yes") // row 9
        .survey(
            "select_one admin2",
            "admin2",
            "LGA",
            "LGA",
            "",
            "yes",
            "",
            "",
            "",
            "",
            "admin1=${admin1}")
        .survey(
            "text",
            "site_pcode",
            "Site P-code",
            "P-code du site",
            "As in the location list",
            "yes",
            "",
            "regex(., '^NG[0-9]{3,9}$')",
            "A P-code looks like NG008001")
        .survey("geopoint", "gps", "GPS position", "Position GPS") // row 12
        .survey("end group")
        .survey("begin group", "idps", "IDPs", "PDI") // row 14
        .survey(
            "integer", "idp_households", "IDP households", "Ménages PDI", "", "yes", "", ". >= 0")
        .survey(
            "integer",
            "idp_individuals",
            "IDP individuals",
            "Individus PDI",
            "",
            "yes",
            "",
            ". >= ${idp_households}",
            "At least one person per household") // row 16
        .survey("integer", "female_under_1", "Girls under 1", "Filles de moins d'un an")
        .survey("integer", "male_under_1", "Boys under 1", "Garçons de moins d'un an")
        .survey("integer", "female_18_59", "Women 18-59", "Femmes 18-59")
        .survey("integer", "male_18_59", "Men 18-59", "Hommes 18-59") // row 20
        .survey(
            "calculate",
            "sex_age_total",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "${female_under_1} + ${male_under_1} + ${female_18_59} + ${male_18_59}")
        .survey(
            "note",
            "sex_age_check",
            "The bands add up to ${sex_age_total}, not ${idp_individuals}",
            "Les tranches font ${sex_age_total}",
            "",
            "",
            "${sex_age_total} != ${idp_individuals}") // row 22
        .survey(
            "calculate",
            "household_size",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "if(${idp_households} > 0, ${idp_individuals} div ${idp_households}, 0)")
        .survey("select_multiple reasons or_other", "reasons", "Reasons of displacement", "Raisons")
        .survey(
            "date",
            "arrival_date",
            "Date of arrival",
            "Date d'arrivée",
            "",
            "",
            "selected(${reasons}, 'conflict')",
            ". <= today()") // row 25
        .survey("end group")
        .survey("time", "interview_time", "Time of the interview", "Heure de l'entretien")
        .survey("dateTime", "next_visit", "Next visit", "Prochaine visite")
        .survey("decimal", "distance_km", "Distance to the nearest water point (km)", "Distance")
        .survey(
            "integer",
            "informant_count",
            "Number of key informants",
            "Nombre d'informateurs",
            "",
            "yes",
            "",
            ". > 0 and . < 10") // row 30
        .survey(
            "begin repeat",
            "informants",
            "Key informant",
            "Informateur clé",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "${informant_count}")
        .survey("select_one ki_type", "informant_type", "Informant", "Informateur", "", "yes")
        .survey("text", "informant_phone", "Phone", "Téléphone")
        .survey("end repeat") // row 34
        .survey("image", "site_photo", "Photo of the site", "Photo du site")
        .survey("audio", "interview_audio", "Recording", "Enregistrement")
        .survey("geotrace", "access_road", "Access road", "Route d'accès")
        .survey("geoshape", "site_boundary", "Site boundary", "Limite du site")
        .survey("hidden", "form_kind") // row 39
        .survey("barcode", "tent_code", "Tent code", "Code de tente");
    form.choices("list_name", "name", "label::English (en)", "label::Français (fr)", "admin1")
        .choices("admin1", "NG008", "Borno", "Borno")
        .choices("admin1", "NG036", "Yobe", "Yobe")
        .choices("admin2", "NG008001", "Abadam", "Abadam", "NG008")
        .choices("admin2", "NG008002", "Askira/Uba", "Askira/Uba", "NG008")
        .choices("admin2", "NG036001", "Bade", "Bade", "NG036")
        .choices("reasons", "conflict", "Conflict", "Conflit")
        .choices("reasons", "natural_disaster", "Natural disaster", "Catastrophe naturelle")
        .choices("reasons", "communal_clashes", "Communal clashes", "Affrontements")
        .choices("reasons", "economic", "Economic", "Économique")
        .choices("ki_type", "leader", "Community leader", "Chef communautaire")
        .choices("ki_type", "site_manager", "Site manager", "Gestionnaire de site")
        .choices("ki_type", "authority", "Local authority", "Autorité locale");
    form.settings("form_title", "form_id", "version", "default_language", "instance_name")
        .settings(
            "DTM baseline assessment",
            "dtm_baseline",
            "2024110101",
            "English (en)",
            "concat(${site_pcode}, ' ', ${today})");
    return form;
  }
}
