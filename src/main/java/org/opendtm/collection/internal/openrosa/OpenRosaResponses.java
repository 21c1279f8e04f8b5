package org.opendtm.collection.internal.openrosa;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** OpenRosa response bodies and the headers every OpenRosa answer carries. */
public final class OpenRosaResponses {

  public static final String XML_CONTENT_TYPE = "text/xml; charset=utf-8";
  public static final String VERSION_HEADER = "X-OpenRosa-Version";
  public static final String ACCEPT_LENGTH_HEADER = "X-OpenRosa-Accept-Content-Length";

  private OpenRosaResponses() {}

  /**
   * An {@code OpenRosaResponse} with one message: the first {@code <message>} is what Collect shows
   * the enumerator, so it says what to do.
   */
  public static String message(String text) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">"
        + "<message nature=\"\">"
        + escape(text)
        + "</message></OpenRosaResponse>\n";
  }

  /** Writes a whole answer outside Spring MVC (filters, entry points). */
  public static void write(HttpServletResponse response, int status, String text)
      throws IOException {
    headers(response, 0);
    response.setStatus(status);
    response.setContentType(XML_CONTENT_TYPE);
    byte[] body = message(text).getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The headers of every OpenRosa answer; {@code maxBytes} > 0 adds the accepted body size. */
  public static void headers(HttpServletResponse response, long maxBytes) {
    response.setHeader(VERSION_HEADER, "1.0");
    if (maxBytes > 0) response.setHeader(ACCEPT_LENGTH_HEADER, Long.toString(maxBytes));
  }

  /** XML text and attribute escaping. */
  public static String escape(String text) {
    if (text == null) return "";
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          // characters XML 1.0 cannot carry at all are dropped
          if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') out.append(c);
        }
      }
    }
    return out.toString();
  }
}
