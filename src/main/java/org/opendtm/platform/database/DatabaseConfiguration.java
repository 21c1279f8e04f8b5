package org.opendtm.platform.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The data source: an external PostgreSQL when {@code OPENDTM_DB_URL} is set, else embedded. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedPostgresHolder embeddedPostgres(DatabaseProperties properties) {
    if (!properties.embedded()) return new EmbeddedPostgresHolder(null);
    return new EmbeddedPostgresHolder(
        EmbeddedPostgresServer.start(
            properties.dataDir().resolve("postgres"), properties.durable()));
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource(
      DatabaseProperties properties, @Qualifier("embeddedPostgres") EmbeddedPostgresHolder holder) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("opendtm");
    config.setMaximumPoolSize(properties.maxPoolSize());
    if (holder.server() != null) {
      config.setJdbcUrl(holder.server().jdbcUrl());
      config.setUsername("postgres");
      config.setPassword("postgres");
    } else {
      config.setJdbcUrl(properties.url());
      config.setUsername(properties.user());
      config.setPassword(properties.password());
    }
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", "opendtm");
    return new HikariDataSource(config);
  }

  /** Keeps the embedded server's life tied to the context; empty when an external url is used. */
  record EmbeddedPostgresHolder(EmbeddedPostgresServer server) implements AutoCloseable {
    @Override
    public void close() {
      if (server != null) server.close();
    }
  }
}
