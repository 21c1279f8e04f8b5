package org.opendtm.publication;

import org.opendtm.support.ApiTestSupport;
import org.opendtm.tracking.RoundPublished;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** HTTP tests of the publication module, publishing rounds the way tracking does. */
abstract class PublicationTestSupport extends ApiTestSupport {

  @Autowired protected JdbcClient jdbc;
  @Autowired protected TransactionTemplate transactions;
  @Autowired protected ApplicationEventPublisher events;
  @Autowired protected PublicationManagement publication;

  /** Bumps the round's revision and publishes {@link RoundPublished} in one transaction. */
  protected int publish(PublicationTestData data, long roundId) {
    return transactions.execute(status -> publishInCurrentTransaction(data, roundId));
  }

  protected int publishInCurrentTransaction(PublicationTestData data, long roundId) {
    int revision = data.bumpRevision(roundId);
    PublicationTestData.RoundRef round = data.roundRef(roundId);
    events.publishEvent(
        new RoundPublished(
            data.operationId(),
            data.code(),
            roundId,
            round.number(),
            round.reportingDate(),
            revision,
            "admin"));
    return revision;
  }
}
