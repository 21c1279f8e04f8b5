package org.opendtm.access.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * In-memory token buckets per client address ({@code opendtm.rate-limits.*}; defaults in
 * application.yml and docs/security.md). A bucket holds {@code capacity} requests and refills at
 * {@code capacity} per {@code per}, continuously.
 *
 * @param enabled false turns every limit off
 * @param signInPerIp failed sign-ins (password or token) per client address
 * @param signInPerAccount failed sign-ins per user name, from any address
 * @param paths request limits per client address, by path pattern ({@code /dtm/**})
 */
@ConfigurationProperties("opendtm.rate-limits")
record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    Limit signInPerIp,
    Limit signInPerAccount,
    Map<String, PathLimit> paths) {

  record Limit(long capacity, Duration per) {}

  record PathLimit(List<String> patterns, long capacity, Duration per) {}

  RateLimitProperties {
    if (signInPerIp == null) signInPerIp = new Limit(60, Duration.ofMinutes(1));
    if (signInPerAccount == null) signInPerAccount = new Limit(20, Duration.ofMinutes(1));
    if (paths == null) paths = Map.of();
  }
}
