package org.opendtm.access.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Everything needs a login except the public published-data endpoints ({@code /dtm/**}, {@code
 * /public/**}), health probes and static assets. API clients use HTTP Basic; browsers a form login
 * (added with the web application). Per-operation rights are checked by {@code AccessPolicy}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  UserDetailsService userDetailsService(Users users) {
    return username ->
        users
            .find(username)
            .map(
                account ->
                    User.withUsername(account.username())
                        .password(account.passwordHash())
                        .disabled(!account.enabled())
                        .roles(
                            account.platformAdmin()
                                ? new String[] {"ADMIN", "USER"}
                                : new String[] {"USER"})
                        .build())
            .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
  }

  @Bean
  @ConditionalOnWebApplication
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    RequestMatcher api =
        request -> {
          String path = request.getRequestURI().substring(request.getContextPath().length());
          return path.startsWith("/api/")
              || path.startsWith("/dtm/")
              || path.startsWith("/public/api/");
        };
    http.authorizeHttpRequests(
            auth ->
                auth.requestMatchers(
                        "/",
                        "/index.html",
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
        .httpBasic(basic -> basic.realmName("OpenDTM"))
        .csrf(csrf -> csrf.ignoringRequestMatchers(api))
        .exceptionHandling(
            ex ->
                ex.defaultAuthenticationEntryPointFor(
                    (request, response, authException) -> {
                      response.setHeader("WWW-Authenticate", "Basic realm=\"OpenDTM\"");
                      response.setStatus(401);
                    },
                    api));
    return http.build();
  }
}
