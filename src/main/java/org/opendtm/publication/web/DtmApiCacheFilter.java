package org.opendtm.publication.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.opendtm.publication.internal.PublicResponseCache;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers DTM API requests whose response is already cached before the security filter chain and
 * Spring MVC run: the endpoints are anonymous and read-only, and on the 2-core reference machine
 * the per-request cost of those layers was a large part of a cache hit. Anything else — a miss, a
 * bad parameter, another method — goes down the chain to {@link DtmApiController} as before.
 */
class DtmApiCacheFilter extends OncePerRequestFilter {

  static final String PREFIX = "/dtm/v3/displacement/";

  private final PublicResponseCache cache;

  DtmApiCacheFilter(PublicResponseCache cache) {
    this.cache = cache;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if ("GET".equals(request.getMethod())) {
      String path = request.getRequestURI().substring(request.getContextPath().length());
      if (path.startsWith(PREFIX)) {
        DtmApiController.Key key = DtmApiController.keyOf(path.substring(PREFIX.length()), request);
        PublicResponseCache.Entry entry = key == null ? null : cache.get(key);
        if (entry != null) {
          DtmApiController.send(entry, request, response);
          return;
        }
      }
    }
    chain.doFilter(request, response);
  }

  @Configuration(proxyBeanMethods = false)
  static class Registration {
    @Bean
    FilterRegistrationBean<DtmApiCacheFilter> dtmApiCacheFilter(PublicResponseCache cache) {
      FilterRegistrationBean<DtmApiCacheFilter> registration =
          new FilterRegistrationBean<>(new DtmApiCacheFilter(cache));
      registration.addUrlPatterns(PREFIX + "*");
      // after the rate limiter (order -110), before Spring Security's chain (order -100): cached
      // answers skip the security chain but never the limits
      registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 5);
      return registration;
    }
  }
}
