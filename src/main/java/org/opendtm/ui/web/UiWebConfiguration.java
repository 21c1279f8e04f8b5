package org.opendtm.ui.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * The web pages' language: chosen with {@code ?lang=en|fr|ar} on any page and kept in a cookie;
 * until then the browser's Accept-Language picks the first language we have, else English.
 */
@Configuration(proxyBeanMethods = false)
class UiWebConfiguration implements WebMvcConfigurer {

  /** The languages with complete message bundles, the first being the default. */
  static final List<Locale> LANGUAGES =
      List.of(Locale.ENGLISH, Locale.FRENCH, Locale.forLanguageTag("ar"));

  static final String LANGUAGE_COOKIE = "opendtm-lang";

  @Bean
  LocaleResolver localeResolver() {
    CookieLocaleResolver resolver = new CookieLocaleResolver(LANGUAGE_COOKIE);
    resolver.setCookieMaxAge(Duration.ofDays(365));
    resolver.setCookieSameSite("Lax");
    resolver.setDefaultLocaleFunction(UiWebConfiguration::fromAcceptLanguage);
    return resolver;
  }

  static Locale fromAcceptLanguage(HttpServletRequest request) {
    for (Locale wanted : Collections.list(request.getLocales())) {
      Locale found = supported(wanted.getLanguage());
      if (found != null) return found;
    }
    return LANGUAGES.get(0);
  }

  /** The supported language with this code, or null. */
  static Locale supported(String language) {
    if (language == null) return null;
    for (Locale locale : LANGUAGES) {
      if (locale.getLanguage().equalsIgnoreCase(language.strip())) return locale;
    }
    return null;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new LanguageChange(localeResolver()));
  }

  /** Takes {@code ?lang=} into the cookie; unknown languages are ignored, not stored. */
  private record LanguageChange(LocaleResolver resolver) implements HandlerInterceptor {
    @Override
    public boolean preHandle(
        HttpServletRequest request, HttpServletResponse response, Object handler) {
      Locale chosen = supported(request.getParameter("lang"));
      if (chosen != null) resolver.setLocale(request, response, chosen);
      return true;
    }
  }
}
