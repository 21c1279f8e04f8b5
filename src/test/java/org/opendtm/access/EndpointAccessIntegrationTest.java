package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint the application registers needs a login, except the public published-data ones. An
 * endpoint added under a public prefix by mistake, or a new public prefix, fails here.
 */
class EndpointAccessIntegrationTest extends ApiTestSupport {

  /** Prefixes that are public by design: published data only. */
  private static final Set<String> PUBLIC_PREFIXES = Set.of("/dtm/", "/public/");

  /** Web pages open by exact path: the landing page (published figures) and the sign-in page. */
  private static final Set<String> PUBLIC_PAGES = Set.of("/", "/sign-in");

  /** Web pages send anonymous browsers to the sign-in page instead of answering 401. */
  private static final String PAGES = "/app";

  private final java.net.http.HttpClient noRedirects = java.net.http.HttpClient.newHttpClient();

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void everyNonPublicEndpointRefusesAnonymousCallers() {
    List<String> checked = new ArrayList<>();
    List<String> open = new ArrayList<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              if (info.getPathPatternsCondition() == null) return;
              for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                if (PUBLIC_PREFIXES.stream().anyMatch(pattern::startsWith)) continue;
                if (pattern.equals("/error") || PUBLIC_PAGES.contains(pattern)) continue;
                String path = pattern.replaceAll("\\{[^}]+}", "X1");
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (RequestMethod requestMethod :
                    methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                  if (pattern.equals(PAGES) || pattern.startsWith(PAGES + "/")) {
                    checked.add(requestMethod + " " + pattern);
                    String location = redirectOf(requestMethod, path);
                    // a form post without a session has no CSRF token: refused (403) before
                    // anything else looks at it, which is as closed as a sign-in redirect
                    boolean refusedPost =
                        requestMethod != RequestMethod.GET && "403".equals(location);
                    if (!refusedPost && (location == null || !location.endsWith("/sign-in"))) {
                      open.add(requestMethod + " " + pattern + " -> not sent to sign in");
                    }
                    continue;
                  }
                  var response =
                      anonymous.exchange(
                          url(path),
                          HttpMethod.valueOf(requestMethod.name()),
                          HttpEntity.EMPTY,
                          String.class);
                  checked.add(requestMethod + " " + pattern);
                  if (response.getStatusCode().value() != 401) {
                    open.add(requestMethod + " " + pattern + " -> " + response.getStatusCode());
                  }
                }
              }
            });
    assertThat(checked).isNotEmpty();
    assertThat(open).as("endpoints reachable without login").isEmpty();
  }

  private String redirectOf(RequestMethod method, String path) {
    try {
      var response =
          noRedirects.send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(path)))
                  .method(method.name(), java.net.http.HttpRequest.BodyPublishers.noBody())
                  .header("Accept", "text/html")
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 403) return "403";
      return response.statusCode() == 302
          ? response.headers().firstValue("Location").orElse(null)
          : null;
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(path, e);
    }
  }

  @Test
  void theOpenApiDocumentDescribesTheApiToSignedInUsers() {
    assertThat(anonymous.getForEntity("/v3/api-docs", String.class).getStatusCode().value())
        .isEqualTo(401);
    var document =
        admin().getForEntity("/v3/api-docs", com.fasterxml.jackson.databind.JsonNode.class);
    assertThat(document.getStatusCode().is2xxSuccessful()).isTrue();
    assertThat(document.getBody().path("openapi").asText()).startsWith("3.");
    assertThat(document.getBody().path("paths").has("/api/v1/operations")).isTrue();
  }
}
