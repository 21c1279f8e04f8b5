package org.opendtm.access.internal.personal;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code opendtm.personal-data.*}: how long each dataset's personal fields are kept, and when the
 * purge runs.
 *
 * @param retention dataset name → period, e.g. {@code households: 730d}; datasets not named are
 *     kept until purged explicitly (and the daily job says so in the log)
 * @param retentionCron when the purge runs (Spring cron; default 03:15 every day, server time)
 * @param rotationBatchSize fields re-encrypted per transaction by {@code rotate-personal-data}
 */
@ConfigurationProperties("opendtm.personal-data")
public record PersonalDataProperties(
    Map<String, Duration> retention, String retentionCron, Integer rotationBatchSize) {

  public PersonalDataProperties {
    retention = retention == null ? Map.of() : Map.copyOf(retention);
    if (retentionCron == null || retentionCron.isBlank()) retentionCron = "0 15 3 * * *";
    if (rotationBatchSize == null || rotationBatchSize < 1) rotationBatchSize = 500;
  }
}
