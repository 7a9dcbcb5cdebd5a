package io.luxtensor.storage.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A store's layout in its schema, and the statements that create and change it: a table
 * {@code <prefix>store} holding the store's id, a table {@code <prefix>families} naming each column
 * family's table, a sequence {@code <prefix>family_ids} numbering them (never reused), and one table
 * {@code <prefix>cf_<id>} per column family. Every method runs on a connection in a transaction the
 * caller holds, after {@link #lock} so that processes opening or changing one store take turns;
 * PostgreSQL's DDL is transactional, so a store or family is created whole or not at all. Stateless.
 *
 * @param schema the store's schema
 * @param prefix its tables' prefix
 * @param dialect the database's dialect
 */
record StoreCatalog(String schema, String prefix, SqlDialect dialect) {

  /** The qualified name of one of the store's tables. */
  String table(String name) {
    return schema + "." + prefix + name;
  }

  /** The qualified table of the column family numbered {@code id}. */
  String familyTable(long id) {
    return table("cf_" + id);
  }

  /**
   * Waits (at most {@code lockTimeoutMillis}, then fails with SQLSTATE 55P03) for the store's lock,
   * held until the transaction ends, and bounds the waits of the DDL that follows in the same way.
   */
  void lock(Connection connection, long lockTimeoutMillis) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL lock_timeout = " + lockTimeoutMillis);
    }
    String sql = dialect.transactionLock();
    if (sql != null) {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        String name = schema + "." + prefix;
        statement.setLong(1, (long) name.hashCode() << 32 ^ new StringBuilder(name).reverse().toString().hashCode());
        statement.execute();
      }
    }
  }

  /** The id of the store in the schema, or {@code null} when the schema holds none. */
  String storeId(Connection connection) throws SQLException {
    try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      exists.setString(1, table("store"));
      try (ResultSet rows = exists.executeQuery()) {
        rows.next();
        if (!rows.getBoolean(1)) {
          return null;
        }
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id FROM " + table("store"))) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  /** Creates the schema (if missing) and an empty store in it; returns the new store's id. */
  String create(Connection connection) throws SQLException {
    String id = UUID.randomUUID().toString();
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema
          + "; CREATE TABLE " + table("store") + " (id text PRIMARY KEY, format int NOT NULL)"
          + "; CREATE TABLE " + table("families") + " (name text PRIMARY KEY, id bigint NOT NULL UNIQUE)"
          + "; CREATE SEQUENCE " + table("family_ids"));
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table("store") + " (id, format) VALUES (?, 1)")) {
      insert.setString(1, id);
      insert.executeUpdate();
    }
    return id;
  }

  /** The column families by name with their ids, oldest first. */
  Map<String, Long> families(Connection connection) throws SQLException {
    Map<String, Long> families = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name, id FROM " + table("families") + " ORDER BY id")) {
      while (rows.next()) {
        families.put(rows.getString(1), rows.getLong(2));
      }
    }
    return families;
  }

  /** Creates the column family {@code name} with its table; returns its id. */
  long createFamily(Connection connection, String name) throws SQLException {
    long id;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT nextval('" + table("family_ids") + "')")) {
      rows.next();
      id = rows.getLong(1);
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.createTable(familyTable(id)));
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table("families") + " (name, id) VALUES (?, ?)")) {
      insert.setString(1, name);
      insert.setLong(2, id);
      insert.executeUpdate();
    }
    return id;
  }

  /** Drops the column family numbered {@code id} and its table, if they still exist. */
  void dropFamily(Connection connection, long id) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + familyTable(id));
    }
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table("families") + " WHERE id = ?")) {
      delete.setLong(1, id);
      delete.executeUpdate();
    }
  }

  /** Drops the whole schema: for temporary stores, whose schema is their own. */
  void dropSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
