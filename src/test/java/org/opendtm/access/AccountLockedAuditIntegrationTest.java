package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A locked account is in the audit log, as the system's act on that account. */
class AccountLockedAuditIntegrationTest extends ApiTestSupport {

  @Autowired ApplicationEventPublisher events;
  @Autowired JdbcClient jdbc;

  @Test
  void anAccountLockedEventIsRecordedAsAccountLocked() {
    Instant until = Instant.parse("2030-01-01T00:00:00Z");
    events.publishEvent(new AccountLocked("locked-user", 100, until, "203.0.113.9"));
    var row =
        jdbc.sql(
                """
                select concat_ws('|', actor, actor_kind, target, outcome, details->>'failures',
                                 details->>'lockedUntil', details->>'remoteAddress')
                  from access.audit_event where action = 'account.locked'
                """)
            .query(String.class)
            .single();
    assertThat(row)
        .isEqualTo("system|system|locked-user|SUCCESS|100|2030-01-01T00:00:00Z|203.0.113.9");
  }
}
