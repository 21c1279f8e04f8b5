package org.opendtm.collection.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

class SubmissionHandlerMappingTest {

  // the controller's collaborators are not used: only its handler methods are looked up
  final SubmissionHandlerMapping mapping =
      new SubmissionHandlerMapping(
          new OpenRosaController(null, null, null, null), new HandlerInterceptor() {});

  Object handler(String method, String uri) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
    return mapping.getHandlerInternal(request);
  }

  MockHttpServletRequest matched(String method, String uri) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
    assertThat(mapping.getHandlerInternal(request)).as(uri).isInstanceOf(HandlerMethod.class);
    return request;
  }

  @Test
  void postToTheServerUrlIsTheSubmitHandlerWithTheOperation() {
    MockHttpServletRequest request = matched("POST", "/openrosa/NGA/submission");
    HandlerMethod handler =
        (HandlerMethod) request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
    assertThat(handler.getMethod().getName()).isEqualTo("submit");
    assertThat(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE))
        .isEqualTo(Map.of("operation", "NGA"));
    assertThat(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))
        .isEqualTo("/openrosa/{operation}/submission");
  }

  @Test
  void tokenUrlsGiveOperationAndTokenDecoded() {
    MockHttpServletRequest request = matched("POST", "/openrosa/N%20G/key/abc-DEF_1/submission");
    assertThat(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE))
        .isEqualTo(Map.of("operation", "N G", "token", "abc-DEF_1"));
    assertThat(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))
        .isEqualTo("/openrosa/{operation}/key/{token}/submission");
  }

  @Test
  void headIsTheHeadHandler() {
    MockHttpServletRequest request = matched("HEAD", "/openrosa/NGA/key/t/submission");
    HandlerMethod handler =
        (HandlerMethod) request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
    assertThat(handler.getMethod().getName()).isEqualTo("submissionHead");
  }

  @Test
  void everythingElseFallsThroughToSpringMvc() {
    assertThat(handler("GET", "/openrosa/NGA/submission")).isNull();
    assertThat(handler("PUT", "/openrosa/NGA/submission")).isNull();
    assertThat(handler("POST", "/openrosa/NGA/formList")).isNull();
    assertThat(handler("POST", "/openrosa//submission")).isNull();
    assertThat(handler("POST", "/openrosa/submission")).isNull();
    assertThat(handler("POST", "/openrosa/NGA/extra/submission")).isNull();
    assertThat(handler("POST", "/openrosa/NGA/key//submission")).isNull();
    assertThat(handler("POST", "/openrosa/NGA/nokey/t/submission")).isNull();
    assertThat(handler("POST", "/openrosa/NGA;x=1/submission")).isNull();
    assertThat(handler("POST", "/api/v1/openrosa/NGA/submission")).isNull();
    assertThat(handler("POST", "/openrosa/NGA/submissions")).isNull();
  }
}
