package org.opendtm.geography.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.opendtm.geography.Operation;
import org.opendtm.geography.OperationSettings;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The operations table. */
@Repository
public class Operations {

  private static final String COLUMNS =
      "id, code, name, country_iso3, country_name, admin_levels, sex_age_bands, reasons, status,"
          + " settings::text as settings";

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  Operations(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public Optional<Operation> findByCode(String code) {
    return jdbc.sql("select " + COLUMNS + " from geography.operation where code = :code")
        .param("code", code)
        .query(this::map)
        .optional();
  }

  public Optional<Operation> findById(long id) {
    return jdbc.sql("select " + COLUMNS + " from geography.operation where id = :id")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  public List<Operation> list() {
    return jdbc.sql("select " + COLUMNS + " from geography.operation order by code")
        .query(this::map)
        .list();
  }

  public long insert(
      String code,
      String name,
      String iso3,
      String countryName,
      int adminLevels,
      List<String> bands,
      List<String> reasons,
      OperationSettings settings) {
    return jdbc.sql(
            """
            insert into geography.operation
              (code, name, country_iso3, country_name, admin_levels, sex_age_bands, reasons, settings)
            values (:code, :name, :iso3, :countryName, :levels, :bands, :reasons, cast(:settings as jsonb))
            returning id
            """)
        .param("code", code)
        .param("name", name)
        .param("iso3", iso3)
        .param("countryName", countryName)
        .param("levels", adminLevels)
        .param("bands", bands.toArray(String[]::new))
        .param("reasons", reasons.toArray(String[]::new))
        .param("settings", write(settings))
        .query(Long.class)
        .single();
  }

  public void updateSettings(long id, OperationSettings settings) {
    jdbc.sql("update geography.operation set settings = cast(:settings as jsonb) where id = :id")
        .param("settings", write(settings))
        .param("id", id)
        .update();
  }

  private String write(OperationSettings settings) {
    try {
      return json.writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Operation map(ResultSet rs, int row) throws SQLException {
    OperationSettings defaults = OperationSettings.defaults();
    OperationSettings settings;
    try {
      var node = json.readTree(rs.getString("settings"));
      settings =
          new OperationSettings(
              node.path("minHouseholdSize").asDouble(defaults.minHouseholdSize()),
              node.path("maxHouseholdSize").asDouble(defaults.maxHouseholdSize()),
              node.path("changeThreshold").asDouble(defaults.changeThreshold()),
              node.path("changeMinimumIndividuals").asInt(defaults.changeMinimumIndividuals()),
              node.path("publicAdminLevel").asInt(defaults.publicAdminLevel()),
              node.path("suppressionThreshold").asInt(defaults.suppressionThreshold()));
    } catch (JsonProcessingException e) {
      settings = defaults;
    }
    return new Operation(
        rs.getLong("id"),
        rs.getString("code"),
        rs.getString("name"),
        rs.getString("country_iso3"),
        rs.getString("country_name"),
        rs.getInt("admin_levels"),
        strings(rs.getArray("sex_age_bands")),
        strings(rs.getArray("reasons")),
        rs.getString("status"),
        settings);
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
