package org.opendtm.collection.internal.openrosa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

  private static final String REALM = "OpenDTM Collect";
  private final AtomicLong now = new AtomicLong(1_000);
  private final DigestAuthenticator digest =
      new DigestAuthenticator(REALM, 60_000_000_000L, now::get);
  private final DigestAuthenticator.Secrets secrets =
      (username, algorithm) ->
          username.equals("enum")
              ? Optional.of(CollectCredentials.ha1("enum", REALM, "secret", algorithm))
              : Optional.empty();

  private String nonce(int index) {
    return DigestAuthenticator.parameters(digest.challenges(false).get(index).substring(7))
        .get("nonce");
  }

  /** RFC 7616 section 3.4.1, computed independently of the server's code path. */
  private static Map<String, String> header(
      String algorithm, String password, String nonce, String nc, String uri) {
    String ha1 = CollectCredentials.hex(algorithm, "enum:" + REALM + ":" + password);
    String ha2 = CollectCredentials.hex(algorithm, "GET:" + uri);
    String response =
        CollectCredentials.hex(algorithm, ha1 + ":" + nonce + ":" + nc + ":c1:auth:" + ha2);
    return Map.of(
        "username",
        "enum",
        "realm",
        REALM,
        "nonce",
        nonce,
        "uri",
        uri,
        "response",
        response,
        "qop",
        "auth",
        "nc",
        nc,
        "cnonce",
        "c1",
        "algorithm",
        algorithm);
  }

  private DigestAuthenticator.Result check(Map<String, String> header) {
    return digest.authenticate(
        header, "GET", "/openrosa/OP/formList?x=1", "/openrosa/OP/formList", secrets);
  }

  @Test
  void challengesOfferMd5FirstThenSha256() {
    var challenges = digest.challenges(true);
    assertThat(challenges.get(0)).contains("algorithm=MD5", "stale=true", "realm=\"" + REALM);
    assertThat(challenges.get(1)).contains("algorithm=SHA-256");
  }

  @Test
  void acceptsBothAlgorithmsAndIncreasingCounts() {
    String nonce = nonce(0);
    String uri = "/openrosa/OP/formList?x=1";
    assertThat(check(header("MD5", "secret", nonce, "00000001", uri)))
        .isEqualTo(new DigestAuthenticator.Authenticated("enum"));
    assertThat(check(header("SHA-256", "secret", nonce, "00000002", uri)))
        .isEqualTo(new DigestAuthenticator.Authenticated("enum"));
  }

  @Test
  void refusesReplayWrongPasswordAndForeignUri() {
    String nonce = nonce(0);
    String uri = "/openrosa/OP/formList?x=1";
    assertThat(check(header("MD5", "secret", nonce, "00000001", uri)))
        .isInstanceOf(DigestAuthenticator.Authenticated.class);
    assertThat(check(header("MD5", "secret", nonce, "00000001", uri)))
        .isInstanceOf(DigestAuthenticator.Refused.class);
    assertThat(check(header("MD5", "wrong", nonce, "00000002", uri)))
        .isInstanceOf(DigestAuthenticator.Refused.class);
    assertThat(check(header("MD5", "secret", nonce, "00000003", "/openrosa/OTHER/formList")))
        .isInstanceOf(DigestAuthenticator.Refused.class);
  }

  @Test
  void anExpiredOrUnknownNonceWithTheRightPasswordIsStale() {
    String nonce = nonce(1);
    String uri = "/openrosa/OP/formList";
    now.addAndGet(61_000_000_000L);
    assertThat(check(header("MD5", "secret", nonce, "00000001", uri)))
        .isInstanceOf(DigestAuthenticator.Stale.class);
    assertThat(check(header("MD5", "secret", "made-up-nonce", "00000001", uri)))
        .isInstanceOf(DigestAuthenticator.Stale.class);
    // a wrong password is never told that its nonce is stale
    assertThat(check(header("MD5", "wrong", "made-up-nonce", "00000001", uri)))
        .isInstanceOf(DigestAuthenticator.Refused.class);
  }
}
