package org.opendtm.access.internal;

import org.opendtm.access.AccessPolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the access interceptor in front of every handler. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class AccessWebConfiguration implements WebMvcConfigurer {

  private final AccessPolicy access;

  AccessWebConfiguration(AccessPolicy access) {
    this.access = access;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    // first, and for every path: no handler runs before its policy is checked
    registry.addInterceptor(access.interceptor()).order(Ordered.HIGHEST_PRECEDENCE);
  }
}
