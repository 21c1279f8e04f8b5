package org.opendtm.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opendtm.access.AccessErrorCode;
import org.opendtm.access.Allow;
import org.opendtm.access.AnySignedIn;
import org.opendtm.access.EndpointPolicy;
import org.opendtm.access.PublicPublishedData;
import org.opendtm.access.Right;
import org.opendtm.platform.OpenDtmException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;

class AccessInterceptorTest {

  static class Forgotten {
    String data() {
      return "secret";
    }
  }

  @PublicPublishedData
  static class Published {
    String figures() {
      return "figures";
    }

    @Allow(Right.READ_ROUNDS)
    String rounds() {
      return "rounds";
    }

    @Allow(Right.READ_ROUNDS)
    @AnySignedIn
    String confused() {
      return "?";
    }
  }

  // No AccessPolicy: neither a refused nor a public endpoint may need to ask it.
  private final AccessInterceptor interceptor = new AccessInterceptor(null);

  private static HandlerMethod handler(Object bean, String name) throws NoSuchMethodException {
    return new HandlerMethod(bean, bean.getClass().getDeclaredMethod(name));
  }

  @Test
  void aHandlerWithoutPolicyIsRefusedWithAServerError() throws Exception {
    var request = new MockHttpServletRequest("GET", "/api/v1/forgotten");
    HandlerMethod forgotten = handler(new Forgotten(), "data");
    assertThatThrownBy(
            () -> interceptor.preHandle(request, new MockHttpServletResponse(), forgotten))
        .isInstanceOfSatisfying(
            OpenDtmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(AccessErrorCode.NO_ACCESS_POLICY);
              assertThat(e.code().status().value()).isEqualTo(500);
            });
  }

  @Test
  void aPublicHandlerPassesWithoutAsking() throws Exception {
    var request = new MockHttpServletRequest("GET", "/dtm/v3/displacement/admin0");
    assertThat(
            interceptor.preHandle(
                request, new MockHttpServletResponse(), handler(new Published(), "figures")))
        .isTrue();
  }

  @Test
  void theMethodsPolicyWinsOverItsClassAndTwoPoliciesAreAnError() throws Exception {
    assertThat(EndpointPolicy.of(Published.class, Published.class.getDeclaredMethod("rounds")))
        .hasValueSatisfying(p -> assertThat(p.right()).isEqualTo(Right.READ_ROUNDS));
    assertThat(EndpointPolicy.of(Forgotten.class, Forgotten.class.getDeclaredMethod("data")))
        .isEmpty();
    assertThatThrownBy(
            () -> EndpointPolicy.of(Published.class, Published.class.getDeclaredMethod("confused")))
        .isInstanceOf(IllegalStateException.class);
  }
}
