package org.opendtm.tracking.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Column mappings saved per operation: header text → HXL tag, for files without an HXL row. */
@Repository
public class ColumnMappings {

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  ColumnMappings(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public void save(long operationId, String name, Map<String, String> mapping) {
    try {
      jdbc.sql(
              """
              insert into tracking.column_mapping (operation_id, name, mapping)
              values (:op, :name, cast(:mapping as jsonb))
              on conflict (operation_id, name) do update set mapping = excluded.mapping
              """)
          .param("op", operationId)
          .param("name", name)
          .param("mapping", json.writeValueAsString(mapping))
          .update();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public Optional<Map<String, String>> find(long operationId, String name) {
    return jdbc.sql(
            "select mapping::text from tracking.column_mapping where operation_id = :op and name = :name")
        .param("op", operationId)
        .param("name", name)
        .query(String.class)
        .optional()
        .map(
            text -> {
              try {
                return json.readValue(text, new TypeReference<Map<String, String>>() {});
              } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
              }
            });
  }
}
