package io.luxtensor.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The engine's two HikariCP pools: one for short operations (reads, writes, batches, DDL), one for
 * views that hold a connection for as long as they are open (snapshots, transactions, iterators over
 * more than a page), so that open views never starve writes. Every connection starts with
 * asynchronous commits ({@code synchronous_commit = off}); a synced write raises the level for its
 * own transaction. Credentials go to the driver only; the pools' names carry the schema, not them.
 */
final class Pools {

  private Pools() {}

  /**
   * A pool of up to {@code size} connections; with {@code eager} it opens one now and fails if it cannot
   * (so that an unreachable server fails the store's open), else it connects on first use.
   */
  static HikariDataSource create(PostgresOptions options, SqlDialect dialect, String name, int size, boolean eager, boolean readOnly) {
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
    config.setMinimumIdle(eager ? 1 : 0);
    config.setConnectionTimeout(Math.max(250, options.connectTimeoutMillis()));
    config.setInitializationFailTimeout(eager ? 1 : -1);
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
