package org.opendtm.access.internal.audit;

import org.opendtm.access.AuditLog;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;

/** Wires the audit log into sign-in and into the request pipeline. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

  /**
   * Spring Security hands this publisher to every {@code ProviderManager} it builds, HTTP Basic's
   * included; declared here so that sign-in events do not depend on Spring Boot's default.
   */
  @Bean
  AuthenticationEventPublisher auditAuthenticationEventPublisher(
      ApplicationEventPublisher publisher) {
    return new DefaultAuthenticationEventPublisher(publisher);
  }

  /** After the security filter chain, so that the actor of each request is known. */
  @Bean
  @ConditionalOnWebApplication
  FilterRegistrationBean<AuditRequestFilter> auditRequestFilter(AuditLog audit) {
    FilterRegistrationBean<AuditRequestFilter> registration =
        new FilterRegistrationBean<>(new AuditRequestFilter(audit));
    registration.addUrlPatterns("/api/*", "/public/api/*");
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
    return registration;
  }

  /**
   * DTM API reads are counted, not recorded one by one: first of all filters, so that answers from
   * the response cache (which runs before the security chain) and refusals count too.
   */
  @Bean
  @ConditionalOnWebApplication
  PublicApiReadCounter publicApiReadCounter(AuditLog audit) {
    return new PublicApiReadCounter(audit);
  }

  @Bean
  @ConditionalOnWebApplication
  FilterRegistrationBean<PublicApiReadCounter> publicApiReadCounterRegistration(
      PublicApiReadCounter counter) {
    FilterRegistrationBean<PublicApiReadCounter> registration =
        new FilterRegistrationBean<>(counter);
    registration.addUrlPatterns("/dtm/*");
    registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  @ConditionalOnWebApplication
  PublicApiReadFlusher publicApiReadFlusher(PublicApiReadCounter counter) {
    return new PublicApiReadFlusher(counter);
  }

  /** Writes the DTM API read counts every minute and when the platform stops. */
  static class PublicApiReadFlusher {
    private final PublicApiReadCounter counter;

    PublicApiReadFlusher(PublicApiReadCounter counter) {
      this.counter = counter;
    }

    @org.springframework.scheduling.annotation.Scheduled(
        fixedDelayString = "${opendtm.audit.public-read-flush:60s}")
    void flush() {
      counter.flush();
    }

    /**
     * At shutdown the last minute's counts are written, but never for long: an external database
     * may be going away at the same time (the embedded one stops only after this bean).
     */
    @jakarta.annotation.PreDestroy
    void flushAtShutdown() {
      try {
        java.util.concurrent.CompletableFuture.runAsync(counter::flush)
            .get(2, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(PublicApiReadFlusher.class)
            .warn(
                "DTM API read counts of the last minute not written at shutdown: {}", e.toString());
      }
    }
  }
}
