package org.opendtm.platform.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives. With no {@code url}, OpenDTM runs its own embedded PostgreSQL in {@code
 * dataDir/postgres}; with a url it uses that server.
 *
 * @param url JDBC url of an external PostgreSQL ({@code OPENDTM_DB_URL}); empty for embedded
 * @param user user of the external database ({@code OPENDTM_DB_USER})
 * @param password password of the external database ({@code OPENDTM_DB_PASSWORD})
 * @param dataDir the platform's data directory ({@code OPENDTM_DATA_DIR}, default {@code ./data})
 * @param durable fsync and synchronous commit on for the embedded server; only tests turn it off
 * @param maxPoolSize connection pool size
 */
@ConfigurationProperties("opendtm.db")
public record DatabaseProperties(
    String url, String user, String password, Path dataDir, Boolean durable, Integer maxPoolSize) {

  public DatabaseProperties {
    if (dataDir == null) dataDir = Path.of("data");
    if (durable == null) durable = true;
    if (maxPoolSize == null) maxPoolSize = 20;
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }
}
