package org.opendtm.platform.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Tomcat's per-connection write buffer ({@code socket.appWriteBufSize}, 8 KB by default), which is
 * also the size of each socket write of a larger answer: a DTM API answer of ~85 KB gzip went out
 * in 11 writes, each copied once more into a direct buffer by the JDK. With 64 KB it takes two. The
 * buffer is held per open connection (kept for reuse up to Tomcat's channel cache), so it is a
 * memory-for-calls trade: 200 connections x 64 KB = 12.5 MB of heap. See docs/perf.md §16.
 */
@Component
class ConnectorTuning implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  private final DataSize writeBuffer;

  ConnectorTuning(@Value("${opendtm.http.write-buffer:32KB}") DataSize writeBuffer) {
    this.writeBuffer = writeBuffer;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    long bytes = writeBuffer.toBytes();
    if (bytes <= 0) return; // Tomcat's default
    if (bytes < 1024 || bytes > 1024 * 1024) {
      throw new IllegalArgumentException(
          "opendtm.http.write-buffer must be between 1KB and 1MB, not " + writeBuffer);
    }
    factory.addConnectorCustomizers(
        connector -> {
          if (!connector.setProperty("socket.appWriteBufSize", Long.toString(bytes))) {
            throw new IllegalStateException("Tomcat refused socket.appWriteBufSize");
          }
        });
  }
}
