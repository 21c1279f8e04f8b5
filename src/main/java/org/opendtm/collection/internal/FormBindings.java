package org.opendtm.collection.internal;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Per form, its binding to places and figures, kept as the JSON of {@code FormBinding}. */
@Repository
public class FormBindings {

  private final JdbcClient jdbc;

  FormBindings(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<String> findJson(long formRef) {
    return jdbc.sql("select binding::text from collection.form_binding where form_ref = :form")
        .param("form", formRef)
        .query(String.class)
        .optional();
  }

  public void put(long formRef, String json, String user) {
    jdbc.sql(
            """
            insert into collection.form_binding (form_ref, binding, updated_by)
            values (:form, cast(:binding as jsonb), :user)
            on conflict (form_ref) do update
               set binding = excluded.binding, updated_at = now(), updated_by = excluded.updated_by
            """)
        .param("form", formRef)
        .param("binding", json)
        .param("user", user)
        .update();
  }
}
