package io.luxtensor.storage.postgres;

/**
 * PostgreSQL (tested on 15): {@code bytea} primary keys are B-tree indexes that compare bytes with
 * {@code memcmp} and then by length, which is the API's unsigned lexicographic order (the TCK's order
 * tests check it, since PostgreSQL does not document it as a guarantee). Stateless.
 */
final class PostgresDialect implements SqlDialect {

  static final String NAME = "postgresql";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String createTable(String table) {
    return "CREATE TABLE " + table + " (k bytea PRIMARY KEY, v bytea NOT NULL)";
  }

  @Override
  public String upsert(String table) {
    return "INSERT INTO " + table + " (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v";
  }

  @Override
  public String durability(String level) {
    return "SET LOCAL synchronous_commit TO " + level;
  }

  @Override
  public String asynchronousSession() {
    return "SET synchronous_commit TO off";
  }

  @Override
  public String transactionLock() {
    return "SELECT pg_advisory_xact_lock(?)";
  }
}
