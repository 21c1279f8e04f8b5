package org.opendtm.access.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.opendtm.platform.ErrorCode;
import org.opendtm.platform.web.ProblemResponses;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/** Writes problem responses from filters, which answer before Spring MVC's error handling. */
final class Problems {

  private static final ObjectMapper JSON =
      new ObjectMapper().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

  private Problems() {}

  static void write(
      HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
      throws IOException {
    ProblemDetail problem = ProblemResponses.problem(code, detail, List.of(), 0);
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(code.status().value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    JSON.writeValue(response.getOutputStream(), problem);
  }

  /**
   * Whether the path belongs to the APIs (as opposed to pages a browser navigates to): these answer
   * 401 with a Basic challenge rather than a redirect to the login form. Swagger UI counts: it is
   * used with API credentials.
   */
  static boolean isApi(HttpServletRequest request) {
    String path = path(request);
    return path.startsWith("/api/")
        || path.startsWith("/dtm/")
        || path.startsWith("/public/api/")
        || path.startsWith("/v3/api-docs")
        || path.startsWith("/swagger-ui");
  }

  static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }
}
