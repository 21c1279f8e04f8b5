package org.opendtm.access.internal.personal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.opendtm.access.AuditEntry.ActorKind;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.AuditLog;
import org.opendtm.access.internal.personal.EncryptedFields.Purged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Purges personal fields older than their dataset's retention period, daily (configurable cron),
 * with one audit event per dataset and operation purged: counts, never values.
 */
@Component
public class PersonalDataRetention {

  private static final Logger log = LoggerFactory.getLogger(PersonalDataRetention.class);

  private final EncryptedFields fields;
  private final PersonalDataProperties properties;
  private final AuditLog audit;
  private final Clock clock;

  PersonalDataRetention(
      EncryptedFields fields,
      PersonalDataProperties properties,
      AuditLog audit,
      ObjectProvider<Clock> clock) {
    this.fields = fields;
    this.properties = properties;
    this.audit = audit;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  @Scheduled(cron = "${opendtm.personal-data.retention-cron:0 15 3 * * *}")
  void daily() {
    purgeExpired();
  }

  /** Purges what has expired now; returns the number of fields purged. */
  @Transactional
  public long purgeExpired() {
    Instant now = clock.instant();
    long total = 0;
    for (Map.Entry<String, java.time.Duration> dataset : properties.retention().entrySet()) {
      Instant cutoff = now.minus(dataset.getValue());
      for (Purged purged : fields.deleteStoredBefore(dataset.getKey(), cutoff)) {
        total += purged.fields();
        audit.recordAs(
            "system",
            ActorKind.SYSTEM,
            "personal-data.retention-purge",
            purged.operationCode(),
            dataset.getKey(),
            Outcome.SUCCESS,
            Map.of(
                "fields",
                purged.fields(),
                "retention",
                dataset.getValue().toString(),
                "storedBefore",
                cutoff.toString()));
      }
    }
    log.info(
        "Personal-data retention: purged {} fields of datasets {}",
        total,
        properties.retention().keySet());
    return total;
  }
}
