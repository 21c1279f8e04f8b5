package org.opendtm.geography;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A geography snapshot is reused only while no write of the operation's units or locations has been
 * committed since it was taken, whoever made the write (migration V2026_11_26_0700), and a
 * transaction that wrote geography sees its own writes.
 */
class PlaceResolverReuseIntegrationTest extends ApiTestSupport {

  @Autowired GeographyManagement geography;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void aSnapshotIsReusedUntilAWriteOfTheGeographyIsCommitted() {
    Operation operation = geography.createOperation(new NewOperation("GEO-R", "Reuse", "CAF"));
    List<AdminUnit> units =
        geography.createProvisionalUnits(
            operation.id(),
            List.of(
                new NewAdminUnit(0, "CAF", "Central African Republic", null),
                new NewAdminUnit(1, "CAF01", "Bamingui", "CAF")));
    long unit = units.stream().filter(u -> u.level() == 1).findFirst().orElseThrow().id();
    geography.upsertLocations(
        operation.id(),
        List.of(new NewLocation("S01", "Site one", LocationKind.SITE, unit, null, null)));

    PlaceResolver first = geography.placeResolver(operation.id());
    assertThat(geography.placeResolver(operation.id())).isSameAs(first);
    assertThat(first.location("S01")).isPresent();

    // a write by hand, not through the geography module, is seen
    jdbc.sql("update geography.admin_unit set name = 'Bamingui-Bangoran' where id = :id")
        .param("id", unit)
        .update();
    PlaceResolver renamed = geography.placeResolver(operation.id());
    assertThat(renamed).isNotSameAs(first);
    assertThat(renamed.unitById(unit).orElseThrow().name()).isEqualTo("Bamingui-Bangoran");
    assertThat(geography.placeResolver(operation.id())).isSameAs(renamed);

    // a transaction that adds a location sees it; after its rollback nobody does
    TransactionTemplate inTransaction = new TransactionTemplate(transactions);
    inTransaction.executeWithoutResult(
        status -> {
          jdbc.sql(
                  """
                  insert into geography.location (operation_id, admin_unit_id, code, name, kind)
                  values (:op, :unit, 'S02', 'Site two', 'SITE')
                  """)
              .param("op", operation.id())
              .param("unit", unit)
              .update();
          assertThat(geography.placeResolver(operation.id()).location("S02")).isPresent();
          status.setRollbackOnly();
        });
    PlaceResolver after = geography.placeResolver(operation.id());
    assertThat(after.location("S02")).isEmpty();
    assertThat(after).isSameAs(renamed);

    // deleting a location is a write too
    jdbc.sql("delete from geography.location where operation_id = :op and code = 'S01'")
        .param("op", operation.id())
        .update();
    assertThat(geography.placeResolver(operation.id()).location("S01")).isEmpty();
  }
}
