package org.opendtm.collection.internal.openrosa;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs enumerators in on {@code /openrosa/**} the ways Collect can: the token in a server URL
 * ({@code /openrosa/{operation}/key/{token}/…}), HTTP Digest, or HTTP Basic over HTTPS only (plain
 * HTTP would carry the password in clear; Collect itself offers Basic only over HTTPS). Before
 * that, a submission body larger than the advertised limit is refused from its Content-Length
 * (413), and one without a length (chunked) with 411, so the limit holds while reading.
 */
class CollectAuthenticationFilter extends OncePerRequestFilter {

  static final String STALE_ATTRIBUTE = CollectAuthenticationFilter.class.getName() + ".stale";
  static final Pattern TOKEN_PATH = Pattern.compile("^/openrosa/([^/]+)/key/([^/]+)(/.*)?$");

  private static final Logger log = LoggerFactory.getLogger(CollectAuthenticationFilter.class);

  private final CollectCredentials credentials;
  private final DigestAuthenticator digest;
  private final long maxBytes;

  CollectAuthenticationFilter(
      CollectCredentials credentials, DigestAuthenticator digest, long maxBytes) {
    this.credentials = credentials;
    this.digest = digest;
    this.maxBytes = maxBytes;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    OpenRosaResponses.headers(response, maxBytes);
    if ("POST".equals(request.getMethod())) {
      long length = request.getContentLengthLong();
      if (length > maxBytes) {
        OpenRosaResponses.write(
            response,
            413,
            "The submission is too large ("
                + length / (1024 * 1024)
                + " MB; at most "
                + maxBytes / (1024 * 1024)
                + " MB in one request). Update Collect so that it splits large submissions, or"
                + " take smaller photos.");
        return;
      }
      String transfer = request.getHeader("Transfer-Encoding");
      if (length < 0 && transfer != null && transfer.toLowerCase().contains("chunked")) {
        OpenRosaResponses.write(
            response,
            411,
            "The submission was sent without a Content-Length; this server needs one. Send it"
                + " with ODK Collect or KoboCollect.");
        return;
      }
    }
    if (!alreadySignedIn()) signIn(request);
    chain.doFilter(request, response);
  }

  private static boolean alreadySignedIn() {
    Authentication current = SecurityContextHolder.getContext().getAuthentication();
    return current != null
        && current.isAuthenticated()
        && !(current instanceof AnonymousAuthenticationToken);
  }

  private void signIn(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Matcher token = TOKEN_PATH.matcher(path);
    if (token.matches()) {
      credentials.usernameForToken(token.group(2)).ifPresent(CollectAuthenticationFilter::set);
      return;
    }
    String header = request.getHeader("Authorization");
    if (header == null) return;
    if (header.regionMatches(true, 0, "Digest ", 0, 7)) {
      String uri = request.getRequestURI();
      String withQuery =
          request.getQueryString() == null ? uri : uri + "?" + request.getQueryString();
      DigestAuthenticator.Result result =
          digest.authenticate(
              DigestAuthenticator.parameters(header.substring(7)),
              request.getMethod(),
              withQuery,
              uri,
              this::ha1);
      if (result instanceof DigestAuthenticator.Authenticated ok) {
        set(ok.username());
      } else if (result instanceof DigestAuthenticator.Stale) {
        request.setAttribute(STALE_ATTRIBUTE, true);
      } else if (result instanceof DigestAuthenticator.Refused refused) {
        log.debug("Digest refused for {}: {}", request.getRequestURI(), refused.reason());
      }
    } else if (header.regionMatches(true, 0, "Basic ", 0, 6) && isSecure(request)) {
      basic(header.substring(6).trim());
    }
  }

  private Optional<String> ha1(String username, String algorithm) {
    return credentials
        .credential(username)
        .map(c -> algorithm.equals("SHA-256") ? c.ha1Sha256() : c.ha1Md5());
  }

  private void basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return;
    }
    int colon = decoded.indexOf(':');
    if (colon < 1) return;
    String username = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    credentials
        .credential(username)
        .filter(
            c ->
                MessageDigest.isEqual(
                    c.ha1Md5().getBytes(StandardCharsets.US_ASCII),
                    CollectCredentials.ha1(username, c.realm(), password, "MD5")
                        .getBytes(StandardCharsets.US_ASCII)))
        .ifPresent(c -> set(c.username()));
  }

  /** HTTPS to us, or to the reverse proxy in front of us. */
  static boolean isSecure(HttpServletRequest request) {
    return request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
  }

  private static void set(String username) {
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            username, null, List.of(new SimpleGrantedAuthority("ROLE_USER"))));
    SecurityContextHolder.setContext(context);
  }
}
