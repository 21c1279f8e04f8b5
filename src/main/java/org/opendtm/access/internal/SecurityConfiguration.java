package org.opendtm.access.internal;

import java.time.Clock;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Everything needs a login except the public published-data endpoints ({@code /dtm/**}, {@code
 * /public/**}), health probes and static assets. API clients use HTTP Basic or an API token ({@code
 * Authorization: Bearer}); browsers the login form and a session (30 minutes idle, 12 hours at
 * most). Password sign-ins go through {@link AccountAuthenticationProvider} (lock-out), every
 * request through the rate limits first. Per-operation rights are checked by {@code AccessPolicy}.
 * See docs/security.md.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SignInProperties.class, RateLimitProperties.class})
class SecurityConfiguration {

  /**
   * New hashes are Argon2id with OWASP's parameters (19 MiB, 2 iterations, 1 lane); bcrypt hashes
   * of earlier versions still verify and are replaced on the next successful sign-in.
   */
  @Bean
  PasswordEncoder passwordEncoder() {
    return new DelegatingPasswordEncoder(
        "argon2",
        Map.of(
            "argon2",
            new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2),
            "bcrypt",
            new BCryptPasswordEncoder()));
  }

  /** Time for lock-outs, sessions and tokens; tests replace it to move forward. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The only authentication provider (no UserDetailsService bean: nothing bypasses lock-out). */
  @Bean
  AuthenticationProvider accountAuthenticationProvider(
      Users users, PasswordEncoder encoder, SignInThrottle throttle, Clock clock) {
    return new AccountAuthenticationProvider(users, encoder, throttle, clock);
  }

  /** Rate limits run before Spring Security, so a refused request costs no password hashing. */
  @Bean
  @ConditionalOnWebApplication
  FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimiter limiter) {
    FilterRegistrationBean<RateLimitFilter> registration =
        new FilterRegistrationBean<>(new RateLimitFilter(limiter));
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
    return registration;
  }

  @Bean
  @ConditionalOnWebApplication
  SecurityFilterChain securityFilterChain(
      HttpSecurity http,
      ApiTokens tokens,
      AuthenticationEventPublisher events,
      SignInProperties signIn,
      SessionRevocations revocations,
      Clock clock)
      throws Exception {
    RequestMatcher api = Problems::isApi;
    ApiEntryPoint entryPoint = new ApiEntryPoint();
    http.authorizeHttpRequests(
            auth ->
                auth.requestMatchers(
                        "/",
                        "/index.html",
                        "/sign-in",
                        "/dtm/**",
                        "/public/**",
                        "/actuator/health/**",
                        "/webjars/**",
                        "/css/**",
                        "/js/**",
                        "/img/**",
                        "/favicon.ico",
                        "/error")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .httpBasic(basic -> basic.realmName("OpenDTM").authenticationEntryPoint(entryPoint))
        // the web UI's sign-in page (ui module); the form still posts to /login
        .formLogin(
            form ->
                form.loginPage("/sign-in")
                    .loginProcessingUrl("/login")
                    .defaultSuccessUrl("/app")
                    .permitAll())
        .logout(logout -> logout.deleteCookies("JSESSIONID").permitAll())
        // back to the page asked for after sign-in without Spring's "?continue" marker in the
        // address (it stayed in the bar and in every language link built from it)
        .requestCache(cache -> cache.requestCache(savedRequests()))
        // A browser session must send the CSRF token, also to the APIs; clients that present no
        // session cookie (HTTP Basic, tokens, scripts) cannot be forged across sites and need none.
        .csrf(
            csrf ->
                csrf.ignoringRequestMatchers(
                    request -> api.matches(request) && request.getRequestedSessionId() == null))
        .addFilterBefore(
            new SessionTimeoutFilter(signIn.sessionAbsoluteTimeout(), clock),
            SecurityContextHolderFilter.class)
        .addFilterAfter(new SessionRevocationFilter(revocations), SecurityContextHolderFilter.class)
        // a new session at sign-in (not just a new id): its creation time is the sign-in, which
        // the 12-hour limit and the revocation of a disabled account's sessions count from
        .sessionManagement(
            session -> session.sessionFixation(fixation -> fixation.migrateSession()))
        .addFilterBefore(
            new ApiTokenFilter(tokens, events, entryPoint, clock), BasicAuthenticationFilter.class)
        .exceptionHandling(ex -> ex.defaultAuthenticationEntryPointFor(entryPoint, api));
    return http.build();
  }

  private static HttpSessionRequestCache savedRequests() {
    HttpSessionRequestCache cache = new HttpSessionRequestCache();
    cache.setMatchingRequestParameterName(null);
    return cache;
  }
}
