package org.opendtm.collection.internal.openrosa;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The OpenRosa server's own security filter chain for {@code /openrosa/**}, ordered before the
 * platform's main chain (access module): enumerators' collect credentials live in this module, and
 * the access module cannot depend on it. No session, no CSRF (clients are phones, not browsers;
 * nothing here acts on a cookie), no login page. Rights are still checked by the access module's
 * interceptor ({@code @Allow(Right.SUBMIT_FORMS)}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpenRosaProperties.class)
class OpenRosaConfiguration {

  @Bean
  DigestAuthenticator digestAuthenticator(OpenRosaProperties properties) {
    return new DigestAuthenticator(
        properties.realm(), properties.nonceLifetime().toNanos(), System::nanoTime);
  }

  @Bean
  @Order(10)
  @ConditionalOnWebApplication
  SecurityFilterChain openRosaFilterChain(
      HttpSecurity http,
      CollectCredentials credentials,
      DigestAuthenticator digest,
      OpenRosaProperties properties)
      throws Exception {
    OpenRosaEntryPoint entryPoint = new OpenRosaEntryPoint(digest, properties.realm());
    // a plain path pattern: a String pattern would ask Spring MVC's handler mappings on every
    // request, which showed in the submission benchmark's profile
    http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/openrosa/**"))
        .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
        .csrf(csrf -> csrf.disable())
        // no browser calls this cross-origin (Enketo posts from its server); Spring's CORS filter
        // would look the handler up in Spring MVC's mappings once more on every request
        .cors(cors -> cors.disable())
        .requestCache(cache -> cache.disable())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(
            new CollectAuthenticationFilter(credentials, digest, properties.maxSubmissionBytes()),
            AnonymousAuthenticationFilter.class)
        .exceptionHandling(
            ex ->
                ex.authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(
                        (request, response, denied) ->
                            OpenRosaResponses.write(
                                response,
                                403,
                                "Your account may not use this. Ask your supervisor.")));
    return http.build();
  }
}
