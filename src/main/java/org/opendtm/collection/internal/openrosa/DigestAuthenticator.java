package org.opendtm.collection.internal.openrosa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP Digest (RFC 7616) as ODK Collect speaks it: {@code qop=auth}, algorithms MD5 (offered first,
 * because Collect answers the first challenge) and SHA-256. Nonces are random, issued by this
 * server, valid for a limited time and remembered in memory with the nonce counts already used, so
 * a captured request cannot be replayed: a repeated or unknown count is refused. An expired or
 * unknown nonce (after a restart) with a correct response is answered {@code stale=true}, on which
 * clients retry with the new nonce without asking the user again.
 */
final class DigestAuthenticator {

  /** What became of an {@code Authorization: Digest} header. */
  sealed interface Result {}

  record Authenticated(String username) implements Result {}

  /** The response was right but the nonce is no longer valid: challenge again with stale=true. */
  record Stale() implements Result {}

  record Refused(String reason) implements Result {}

  private static final Pattern PARAMETER =
      Pattern.compile("([A-Za-z0-9_-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,]*))");
  private static final int MAX_USES_PER_NONCE = 100_000;
  private static final int MAX_NONCES = 200_000;

  /** A nonce's birth and the counts it has been used with. */
  private static final class NonceState {
    final long issuedNanos;
    final BitSet usedCounts = new BitSet();

    NonceState(long issuedNanos) {
      this.issuedNanos = issuedNanos;
    }
  }

  private final String realm;
  private final long lifetimeNanos;
  private final LongSupplier nanoTime;
  private final String opaque;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, NonceState> nonces = new ConcurrentHashMap<>();

  /** Looks up an enumerator's HA1 for an algorithm ("MD5" or "SHA-256"). */
  interface Secrets {
    Optional<String> ha1(String username, String algorithm);
  }

  DigestAuthenticator(String realm, long lifetimeNanos, LongSupplier nanoTime) {
    this.realm = realm;
    this.lifetimeNanos = lifetimeNanos;
    this.nanoTime = nanoTime;
    this.opaque = token(12);
  }

  /** The challenges to send with a 401, MD5 first. */
  List<String> challenges(boolean stale) {
    String nonce = newNonce();
    String common =
        "realm=\"" + realm + "\", qop=\"auth\", nonce=\"" + nonce + "\", opaque=\"" + opaque + "\"";
    String staleFlag = stale ? ", stale=true" : "";
    return List.of(
        "Digest " + common + ", algorithm=MD5" + staleFlag,
        "Digest " + common + ", algorithm=SHA-256" + staleFlag);
  }

  private String newNonce() {
    long now = nanoTime.getAsLong();
    if (nonces.size() >= MAX_NONCES) {
      nonces.values().removeIf(state -> now - state.issuedNanos > lifetimeNanos);
      if (nonces.size() >= MAX_NONCES) nonces.clear(); // under a flood: everyone gets stale
    }
    String nonce = token(24);
    nonces.put(nonce, new NonceState(now));
    return nonce;
  }

  /** Parses the parameters of a Digest header (without the scheme). */
  static Map<String, String> parameters(String header) {
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher matcher = PARAMETER.matcher(header);
    while (matcher.find()) {
      String value = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
      parameters.putIfAbsent(
          matcher.group(1).toLowerCase(Locale.ROOT), value.replaceAll("\\\\(.)", "$1"));
    }
    return parameters;
  }

  /**
   * Checks an {@code Authorization: Digest …} header (parameters only) for a request.
   *
   * @param requestUri the request's path and query as received
   */
  Result authenticate(
      Map<String, String> p,
      String method,
      String requestUri,
      String requestPath,
      Secrets secrets) {
    String username = p.get("username");
    String nonce = p.get("nonce");
    String uri = p.get("uri");
    String response = p.get("response");
    String qop = p.get("qop");
    String nc = p.get("nc");
    String cnonce = p.get("cnonce");
    String algorithm = p.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
    if (username == null || nonce == null || uri == null || response == null) {
      return new Refused("incomplete Digest header");
    }
    if (!realm.equals(p.get("realm"))) return new Refused("wrong realm");
    if (!"auth".equals(qop) || nc == null || cnonce == null || !nc.matches("[0-9a-fA-F]{1,8}")) {
      return new Refused("qop=auth with nc and cnonce is required");
    }
    if (!uri.equals(requestUri) && !uri.equals(requestPath)) {
      return new Refused("the Digest uri is not the request's");
    }
    if (!algorithm.equals("MD5") && !algorithm.equals("SHA-256")) {
      return new Refused("unsupported algorithm " + algorithm);
    }
    Optional<String> ha1 = secrets.ha1(username, algorithm);
    if (ha1.isEmpty()) return new Refused("unknown or revoked enumerator");
    String ha2 = CollectCredentials.hex(algorithm, method + ":" + uri);
    String expected =
        CollectCredentials.hex(
            algorithm, ha1.get() + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return new Refused("wrong password");
    }
    NonceState state = nonces.get(nonce);
    if (state == null || nanoTime.getAsLong() - state.issuedNanos > lifetimeNanos) {
      if (state != null) nonces.remove(nonce);
      return new Stale();
    }
    long count = Long.parseLong(nc, 16);
    synchronized (state) {
      if (count < 1 || count > MAX_USES_PER_NONCE) return new Stale();
      if (state.usedCounts.get((int) count)) return new Refused("nonce count used before (replay)");
      state.usedCounts.set((int) count);
    }
    return new Authenticated(username);
  }

  private String token(int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }
}
