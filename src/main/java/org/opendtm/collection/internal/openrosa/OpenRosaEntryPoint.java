package org.opendtm.collection.internal.openrosa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The 401 of the OpenRosa server: Digest challenges (MD5 first, then SHA-256), Basic only over
 * HTTPS, and a message for the enumerator.
 */
class OpenRosaEntryPoint implements AuthenticationEntryPoint {

  private final DigestAuthenticator digest;
  private final String realm;

  OpenRosaEntryPoint(DigestAuthenticator digest, String realm) {
    this.digest = digest;
    this.realm = realm;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (CollectAuthenticationFilter.TOKEN_PATH.matcher(path).matches()) {
      OpenRosaResponses.write(
          response,
          401,
          "The key in this server URL is unknown or was revoked. Ask your supervisor for a new"
              + " server URL (QR code).");
      return;
    }
    boolean stale =
        Boolean.TRUE.equals(request.getAttribute(CollectAuthenticationFilter.STALE_ATTRIBUTE));
    for (String challenge : digest.challenges(stale)) {
      response.addHeader("WWW-Authenticate", challenge);
    }
    if (CollectAuthenticationFilter.isSecure(request)) {
      response.addHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }
    OpenRosaResponses.write(
        response,
        401,
        "Sign in with your collect user name and password (Settings > Project > Server). Ask"
            + " your supervisor if you do not have them or they no longer work.");
  }
}
