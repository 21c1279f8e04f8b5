package org.opendtm.geography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A location's operation, admin unit and boundary unit are checked per statement
 * (geography/V2026_11_28_0100) as strictly as the foreign keys they replace: a reference to a row
 * that does not exist is refused with nothing of the statement stored, a unit still referenced
 * cannot be deleted, and deleting an operation deletes its locations.
 */
class LocationIntegrityIntegrationTest extends ApiTestSupport {

  @Autowired GeographyManagement geography;
  @Autowired JdbcClient jdbc;

  @Test
  void referencesToRowsThatDoNotExistAreRefusedAndNothingOfTheStatementStays() {
    Operation operation = geography.createOperation(new NewOperation("LOC-I", "Integrity", "CAF"));
    long unit = unit(operation, "CAF01");

    assertRefused(
        insert(operation.id(), unit, null, "'A1'")
            + ", "
            + values(operation.id(), 999_991, null, "'A2'"),
        "admin unit 999991 does not exist");
    assertRefused(insert(999_992, unit, null, "'A3'"), "operation 999992 does not exist");
    assertRefused(
        insert(operation.id(), unit, 999_993L, "'A4'"), "boundary unit 999993 does not exist");
    assertThat(count(operation.id())).isZero();

    jdbc.sql(insert(operation.id(), unit, unit, "'A5'")).update();
    assertRefused(
        "update geography.location set admin_unit_id = 999994 where code = 'A5'",
        "admin unit 999994 does not exist");
    assertThat(count(operation.id())).isEqualTo(1);
  }

  @Test
  void aUnitStillReferencedCannotBeDeletedAndAnOperationTakesItsLocations() {
    Operation operation = geography.createOperation(new NewOperation("LOC-D", "Deletes", "CAF"));
    long unit = unit(operation, "CAF02");
    long boundary =
        geography
            .createProvisionalUnits(
                operation.id(), List.of(new NewAdminUnit(1, "CAF03", "Bamingui", "CAF")))
            .get(0)
            .id();
    jdbc.sql(insert(operation.id(), unit, boundary, "'D1'")).update();

    assertRefused(
        "delete from geography.admin_unit where id = " + unit, "still referenced by location D1");
    assertRefused(
        "delete from geography.admin_unit where id = " + boundary,
        "still referenced by location D1");

    jdbc.sql("delete from geography.operation where id = :op").param("op", operation.id()).update();
    assertThat(count(operation.id())).isZero();
    assertThat(
            jdbc.sql("select count(*) from geography.admin_unit where operation_id = :op")
                .param("op", operation.id())
                .query(Long.class)
                .single())
        .isZero();
  }

  private long unit(Operation operation, String pcode) {
    return geography
        .createProvisionalUnits(
            operation.id(),
            List.of(
                new NewAdminUnit(0, "CAF", "Central African Republic", null),
                new NewAdminUnit(1, pcode, "Unit " + pcode, "CAF")))
        .stream()
        .filter(u -> u.level() == 1)
        .findFirst()
        .orElseThrow()
        .id();
  }

  private static String insert(long operation, long unit, Long boundary, String code) {
    return "insert into geography.location"
        + " (operation_id, admin_unit_id, boundary_unit_id, code, name, kind) values "
        + values(operation, unit, boundary, code);
  }

  private static String values(long operation, long unit, Long boundary, String code) {
    return "(" + operation + ", " + unit + ", " + boundary + ", " + code + ", 'Site', 'SITE')";
  }

  private long count(long operation) {
    return jdbc.sql("select count(*) from geography.location where operation_id = :op")
        .param("op", operation)
        .query(Long.class)
        .single();
  }

  private void assertRefused(String sql, String message) {
    assertThatThrownBy(() -> jdbc.sql(sql).update())
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining(message);
  }
}
