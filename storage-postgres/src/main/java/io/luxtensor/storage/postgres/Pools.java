package io.luxtensor.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The engine's HikariCP pool. Every connection starts with
 * asynchronous commits ({@code synchronous_commit = off}); a synced write raises the level for its
 * own transaction. Credentials go to the driver only; the pools' names carry the schema, not them.
 */
final class Pools {

  private Pools() {}

  /**
   * A pool of up to {@code size} connections, which opens one now and fails if it cannot, so that an
   * unreachable server fails the store's open.
   */
  static HikariDataSource create(PostgresOptions options, SqlDialect dialect, String name, int size, boolean readOnly) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(options.url());
    if (options.user() != null) {
      config.setUsername(options.user());
    }
    if (options.password() != null) {
      config.setPassword(options.password());
    }
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(Math.max(250, options.connectTimeoutMillis()));
    config.setInitializationFailTimeout(1);
    config.setReadOnly(readOnly);
    if (dialect.asynchronousSession() != null) {
      config.setConnectionInitSql(dialect.asynchronousSession());
    }
    config.addDataSourceProperty("ApplicationName", "luxtensor-storage");
    config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, options.connectTimeoutMillis() / 1000)));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    return new HikariDataSource(config);
  }
}
