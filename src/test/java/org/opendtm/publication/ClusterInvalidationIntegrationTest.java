package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.opendtm.OpenDtmApplication;
import org.opendtm.access.OperationRole;
import org.opendtm.access.UserManagement;
import org.opendtm.access.internal.SessionRevocations;
import org.opendtm.platform.cluster.ClusterEvent;
import org.opendtm.platform.cluster.ClusterEvents;
import org.opendtm.publication.internal.PublicResponseCache;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Two instances of the platform on one database: what one commits (a publication, a disabled
 * account) empties or refreshes what the other keeps in memory within moments, through PostgreSQL
 * LISTEN/NOTIFY; what one rolls back, the other never hears of; an instance never hears itself.
 */
class ClusterInvalidationIntegrationTest extends PublicationTestSupport {

  @Autowired DataSource dataSource;
  @Autowired ClusterEvents cluster;
  @Autowired UserManagement users;
  @Autowired ConfigurableApplicationContext context;

  private ConfigurableApplicationContext startSecondInstance() {
    HikariDataSource same = (HikariDataSource) dataSource;
    return new SpringApplicationBuilder(OpenDtmApplication.class)
        .web(WebApplicationType.NONE)
        .profiles("test")
        // arguments, not default properties: application.yml's empty OPENDTM_DB_URL would win
        .run(
            "--opendtm.db.url=" + same.getJdbcUrl(),
            "--opendtm.db.user=" + same.getUsername(),
            "--opendtm.db.password=" + same.getPassword(),
            "--opendtm.db.max-pool-size=3",
            // the periodic re-read must not be what refreshes the revocations here
            "--opendtm.sign-in.revocation-refresh=PT1H");
  }

  private static List<ClusterEvent> heardBy(ConfigurableApplicationContext context) {
    List<ClusterEvent> heard = new CopyOnWriteArrayList<>();
    context.addApplicationListener(
        (ApplicationListener<ApplicationEvent>)
            event -> {
              if (event instanceof PayloadApplicationEvent<?> payload
                  && payload.getPayload() instanceof ClusterEvent notice) {
                heard.add(notice);
              }
            });
    return heard;
  }

  @Test
  void whatOneInstanceCommitsTheOtherForgets() throws Exception {
    PublicationTestData data =
        PublicationTestData.operation(jdbc, "CLU", "Cluster", "XCL", "Clusteria", 1)
            .unit(0, "XCL", "Clusteria", null)
            .unit(1, "CLU-A", "Alpha", "XCL");
    long round = data.round(1, LocalDate.of(2024, 5, 31));
    data.figure(data.assessment(round, "BA", "CLU-A"), "IDP", "Conflict", null, 40, 200, 90, 110);
    publish(data, round);
    users.createUser("clu-partner", "cluster-password-1", false);
    users.grant("clu-partner", "CLU", OperationRole.PARTNER);

    ConfigurableApplicationContext other = startSecondInstance();
    try {
      ClusterEvents otherCluster = other.getBean(ClusterEvents.class);
      await("both instances listening", () -> cluster.isListening() && otherCluster.isListening());
      List<ClusterEvent> heardHere = heardBy(context);
      List<ClusterEvent> heardThere = heardBy(other);

      PublicResponseCache otherCache = other.getBean(PublicResponseCache.class);
      otherCache.put("cached answer", otherCache.generation(), "{\"result\":[]}".getBytes());
      assertThat(otherCache.get("cached answer")).isNotNull();

      // a publication rolled back here: nothing is announced
      transactions.executeWithoutResult(
          status -> {
            publishInCurrentTransaction(data, round);
            status.setRollbackOnly();
          });
      // a committed publication, then its protection: the other instance forgets its answers
      // (this one cannot be computed again) once the new revision is protected
      publish(data, round);
      await("the other instance hearing of both", () -> heardThere.size() >= 2);
      await("the other instance's cache emptied", () -> otherCache.size() == 0);
      assertThat(heardThere)
          .as("two notices: the rolled-back publication sent none")
          .containsExactly(
              new ClusterEvent(ClusterEvents.ROUND_PUBLISHED, "CLU"),
              new ClusterEvent(ClusterEvents.FIGURES_PROTECTED, "CLU"));

      // an account disabled here: the other instance ends its sessions at once
      SessionRevocations otherRevocations = other.getBean(SessionRevocations.class);
      Instant signedInThere = Instant.now().minusSeconds(60);
      assertThat(otherRevocations.isRevoked("clu-partner", signedInThere)).isFalse();
      users.disable("clu-partner", "cluster test");
      await(
          "the other instance revoking the sessions",
          () -> otherRevocations.isRevoked("clu-partner", signedInThere));
      assertThat(heardThere)
          .contains(new ClusterEvent(ClusterEvents.ACCOUNT_DISABLED, "clu-partner"));

      // and the other way round; an instance never hears its own notices
      otherCluster.publish("test", "from there");
      await("a notice from the other instance", () -> !heardHere.isEmpty());
      assertThat(heardHere).containsExactly(new ClusterEvent("test", "from there"));
      assertThat(heardThere).doesNotContain(new ClusterEvent("test", "from there"));
    } finally {
      other.close();
    }
  }
}
