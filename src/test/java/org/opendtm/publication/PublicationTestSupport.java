package org.opendtm.publication;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.tracking.RoundPublished;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/** HTTP tests of the publication module, publishing rounds the way tracking does. */
abstract class PublicationTestSupport extends ApiTestSupport {

  @Autowired protected JdbcClient jdbc;
  @Autowired protected TransactionTemplate transactions;
  @Autowired protected ApplicationEventPublisher events;
  @Autowired protected PublicationManagement publication;

  /**
   * Direct calls of {@link PublicationManagement} in a test run as the platform administrator, who
   * sees the figures in full; without a signed-in user they would get the public view.
   */
  @BeforeEach
  void signInAsPlatformAdmin() {
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "admin",
                null,
                List.of(
                    new SimpleGrantedAuthority("ROLE_ADMIN"),
                    new SimpleGrantedAuthority("ROLE_USER"))));
  }

  @AfterEach
  void signOut() {
    SecurityContextHolder.clearContext();
  }

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
