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
    registration.addUrlPatterns("/api/*", "/public/api/*", "/dtm/*");
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
    return registration;
  }
}
