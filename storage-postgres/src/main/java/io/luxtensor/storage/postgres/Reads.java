package io.luxtensor.storage.postgres;

import io.luxtensor.storage.Keys;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read statements, run on a connection the caller holds (in whatever transaction it holds):
 * point reads, many-key reads in one statement, and keyset-paginated pages of a range. Stateless.
 */
final class Reads {

  private Reads() {}

  /** Entries of one page, in the order the query returned them. */
  record Page(List<byte[]> keys, List<byte[]> values) {
    int size() {
      return keys.size();
    }
  }

  static byte[] get(Connection connection, PgColumnFamily cf, byte[] key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(cf.get)) {
      statement.setBytes(1, key);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getBytes(1) : null;
      }
    }
  }

  /** Values of {@code keys} in order ({@code null} for absent ones), read by one statement: one consistent view. */
  static List<byte[]> getMany(Connection connection, PgColumnFamily cf, List<byte[]> keys) throws SQLException {
    Map<byte[], byte[]> found = new TreeMap<>(Keys.ORDER);
    Array array = connection.createArrayOf("bytea", keys.toArray(new byte[0][]));
    try (PreparedStatement statement = connection.prepareStatement(cf.getMany)) {
      statement.setArray(1, array);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.put(rows.getBytes(1), rows.getBytes(2));
        }
      }
    } finally {
      array.free();
    }
    List<byte[]> values = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      byte[] value = found.get(key);
      values.add(value == null ? null : value.clone()); // a key asked twice gets two arrays
    }
    return values;
  }

  /**
   * At most {@code limit} entries of {@code cf} between {@code low} and {@code high} (each {@code null}
   * for open, inclusive or not as told), ascending or descending.
   */
  static Page page(Connection connection, PgColumnFamily cf, byte[] low, boolean lowInclusive, byte[] high,
      boolean highInclusive, boolean ascending, int limit) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT k, v FROM ").append(cf.table());
    String joiner = " WHERE ";
    if (low != null) {
      sql.append(joiner).append(lowInclusive ? "k >= ?" : "k > ?");
      joiner = " AND ";
    }
    if (high != null) {
      sql.append(joiner).append(highInclusive ? "k <= ?" : "k < ?");
    }
    sql.append(ascending ? " ORDER BY k LIMIT ?" : " ORDER BY k DESC LIMIT ?");
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int index = 1;
      if (low != null) {
        statement.setBytes(index++, low);
      }
      if (high != null) {
        statement.setBytes(index++, high);
      }
      statement.setInt(index, limit);
      List<byte[]> keys = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getBytes(1));
          values.add(rows.getBytes(2));
        }
      }
      return new Page(keys, values);
    }
  }
}
