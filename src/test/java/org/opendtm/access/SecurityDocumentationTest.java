package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The rights table in docs/security.md is the {@link Right} enum written out: when a right or its
 * holders change, this test fails and prints the table to paste, so the docs cannot drift.
 */
class SecurityDocumentationTest {

  private static final String START = "<!-- rights-table:start (generated from Right.java) -->";
  private static final String END = "<!-- rights-table:end -->";

  static String rightsTable() {
    StringBuilder table = new StringBuilder("| right | allows | platform admin |");
    for (OperationRole role : OperationRole.values()) {
      table.append(' ').append(role.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      table.append(" |");
    }
    table.append("\n|---|---|:-:|").append(":-:|".repeat(OperationRole.values().length));
    for (Right right : Right.values()) {
      table
          .append("\n| `")
          .append(right)
          .append("` | ")
          .append(right.description())
          .append(" | ✓ |");
      for (OperationRole role : OperationRole.values()) {
        table.append(right.holders().contains(role) ? " ✓ |" : "   |");
      }
    }
    return table.append('\n').toString();
  }

  @Test
  void theRightsTableInTheDocsIsTheRightEnum() throws IOException {
    String doc = Files.readString(Path.of("docs/security.md"));
    assertThat(doc).contains(START, END);
    String documented =
        doc.substring(doc.indexOf(START) + START.length(), doc.indexOf(END)).strip();
    assertThat(documented)
        .as("docs/security.md's rights table; paste this between the markers:%n%s", rightsTable())
        .isEqualTo(rightsTable().strip());
  }

  @Test
  void everyRoleHoldsAtLeastTheRightToSeeItsOperation() {
    for (OperationRole role : OperationRole.values()) {
      assertThat(role.rights()).as(role.name()).contains(Right.VIEW_OPERATION);
    }
    // enumerators see their operation and send forms; nothing else, not even published figures
    assertThat(OperationRole.ENUMERATOR.rights())
        .containsExactly(Right.VIEW_OPERATION, Right.SUBMIT_FORMS);
    assertThat(OperationRole.PARTNER.rights())
        .containsExactlyInAnyOrder(
            Right.VIEW_OPERATION, Right.READ_GEOGRAPHY, Right.READ_PUBLISHED);
  }
}
