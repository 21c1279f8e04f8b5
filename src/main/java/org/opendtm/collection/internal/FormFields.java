package org.opendtm.collection.internal;

import java.util.List;
import org.opendtm.collection.FormField;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The fields of each form version, in form order. */
@Repository
public class FormFields {

  private final JdbcClient jdbc;

  FormFields(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores the fields of a new version; the caller's transaction holds the version too. */
  public void add(long formVersionId, List<FormField> fields) {
    int position = 0;
    for (FormField field : fields) {
      jdbc.sql(
              """
              insert into collection.form_field
                (form_version_ref, position, path, name, type, data_type, choice_list, label,
                 repeat_path)
              values (:version, :position, :path, :name, :type, :dataType, :choiceList, :label,
                      :repeat)
              """)
          .param("version", formVersionId)
          .param("position", ++position)
          .param("path", field.path())
          .param("name", field.name())
          .param("type", field.type())
          .param("dataType", field.dataType())
          .param("choiceList", field.choiceList())
          .param("label", field.label())
          .param("repeat", field.repeat())
          .update();
    }
  }

  public List<FormField> listOf(long formVersionId) {
    return jdbc.sql(
            """
            select path, name, type, data_type, choice_list, label, repeat_path as repeat
              from collection.form_field
             where form_version_ref = :version
             order by position
            """)
        .param("version", formVersionId)
        .query(FormField.class)
        .list();
  }
}
