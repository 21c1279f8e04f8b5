package org.opendtm.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.opendtm.access.AccessErrorCode;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The 401 of the APIs: one problem for every reason — no credentials, an unknown user, a wrong
 * password, an account that must wait or is locked, a bad token — so that the answer never tells
 * whether an account exists or is locked.
 */
class ApiEntryPoint implements AuthenticationEntryPoint {

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    response.addHeader("WWW-Authenticate", "Basic realm=\"OpenDTM\"");
    response.addHeader("WWW-Authenticate", "Bearer realm=\"OpenDTM\"");
    Problems.write(
        request,
        response,
        AccessErrorCode.UNAUTHENTICATED,
        "Sign in with HTTP Basic, an API token (Authorization: Bearer) or a session. After"
            + " repeated failed attempts an account must wait before it can sign in again.");
  }
}
