package org.opendtm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;

/** The connector's write buffer is set, and answers larger than it arrive whole. */
class ConnectorTuningIntegrationTest extends ApiTestSupport {

  @Autowired ServletWebServerApplicationContext context;
  @Autowired ObjectMapper json;

  @Test
  void theConnectorWritesInBuffersOf32Kilobytes() {
    Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
    assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("32768");
  }

  @Test
  void anAnswerOfManyBuffersArrivesWhole() throws Exception {
    ResponseEntity<String> docs = admin().getForEntity(url("/v3/api-docs"), String.class);
    assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(docs.getBody().length()).isGreaterThan(2 * 32768);
    JsonNode parsed = json.readTree(docs.getBody());
    assertThat(parsed.path("paths").size()).isGreaterThan(10);
  }

  @Test
  void aWriteBufferOutsideItsRangeIsRefusedAtStart() {
    assertThatThrownBy(
            () ->
                new ConnectorTuning(DataSize.ofBytes(100))
                    .customize(new TomcatServletWebServerFactory()))
        .hasMessageContaining("opendtm.http.write-buffer");
    assertThatThrownBy(
            () ->
                new ConnectorTuning(DataSize.ofMegabytes(2))
                    .customize(new TomcatServletWebServerFactory()))
        .hasMessageContaining("between 1KB and 1MB");
  }
}
