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
  public String count(String table, boolean hasLower, boolean hasUpper) {
    StringBuilder sql = new StringBuilder("SELECT count(*) FROM ").append(table);
    if (hasLower) {
      sql.append(" WHERE k >= ?");
    }
    if (hasUpper) {
      sql.append(hasLower ? " AND k < ?" : " WHERE k < ?");
    }
    return sql.toString();
  }

  @Override
  public String countExcept(String table, boolean hasLower, boolean hasUpper) {
    // Subtracting an index lookup of the keys, not "AND k <> ALL (?)", which would compare every row
    // of the range with every key.
    return "SELECT (" + count(table, hasLower, hasUpper) + ") - (SELECT count(*) FROM " + table + " WHERE k = ANY (?))";
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
