package org.opendtm.publication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.OperationChanged;
import org.opendtm.publication.PublicationTestData;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The DTM API's answers survive a restart (read back from publication.public_response) and never
 * outlive the data they were computed from: a settings change or publication empties the table in
 * its own transaction, and nothing is written while it is under way.
 */
// a context of its own: in the shared one, disclosure runs of other classes' publications refresh
// the cache in the background (and empty the stored table) at any moment of this test
@TestPropertySource(properties = "opendtm.public-cache.concurrent-fills=2")
class PublicResponseStoreIntegrationTest extends ApiTestSupport {

  record Key(String endpoint, String operation) {}

  @Autowired PublicResponseCache cache;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  @Autowired TransactionTemplate transactions;
  @Autowired ApplicationEventPublisher events;

  @Test
  void answersAreReadBackAfterARestartAndGoWithTheNextChange() throws Exception {
    PublicationTestData data =
        PublicationTestData.operation(jdbc, "PUB-STORE", "Store Crisis", "XST", "Storia", 2);
    Key key = new Key("admin0", "store crisis");
    cache.fill(key, limit -> "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    cache.flushStore();
    assertThat(stored()).isEqualTo(1);

    PublicResponseCache restarted = new PublicResponseCache(1 << 20, 1 << 16, 2, true, json, jdbc);
    restarted.afterSingletonsInstantiated();
    assertThat(new String(restarted.get(key).body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}");
    assertThat(restarted.get(new Key("admin0", "other"))).isNull();

    // rolled back: the stored answer is still there and still served
    transactions.executeWithoutResult(
        status -> {
          events.publishEvent(new OperationChanged(data.operationId(), "PUB-STORE"));
          assertThat(stored()).isZero();
          status.setRollbackOnly();
        });
    assertThat(stored()).isEqualTo(1);
    assertThat(cache.get(key)).isNotNull();

    // committed: nothing computed during the change is written, and everything is gone after it
    transactions.executeWithoutResult(
        status -> {
          events.publishEvent(new OperationChanged(data.operationId(), "PUB-STORE"));
          try {
            cache.fill(
                new Key("admin1", "store crisis"),
                limit -> "{\"b\":2}".getBytes(StandardCharsets.UTF_8));
            cache.flushStore();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    cache.flushStore();
    assertThat(stored()).isZero();
    assertThat(cache.get(key)).isNull();
    assertThat(cache.get(new Key("admin1", "store crisis"))).isNull();

    // and the next answer is stored again
    cache.fill(key, limit -> "{\"a\":3}".getBytes(StandardCharsets.UTF_8));
    cache.flushStore();
    assertThat(stored()).isEqualTo(1);
  }

  private long stored() {
    return jdbc.sql(
            "select count(*) from publication.public_response where key like '%store crisis%'")
        .query(Long.class)
        .single();
  }
}
