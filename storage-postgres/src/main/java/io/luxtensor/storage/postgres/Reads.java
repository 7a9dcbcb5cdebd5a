package io.luxtensor.storage.postgres;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.postgres.PgColumnFamily.Bound;
import io.luxtensor.storage.spi.Bounds;
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
 * point reads, many-key reads in one statement, keyset-paginated pages of a range, and counts of a
 * range in one statement. Each is one query, recorded with {@link PgColumnFamily#queried()}. Stateless.
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
    cf.queried();
    try (PreparedStatement statement = connection.prepareStatement(cf.get)) {
      statement.setBytes(1, key);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getBytes(1) : null;
      }
    }
  }

  /** Values of {@code keys} in order ({@code null} for absent ones), read by one statement: one consistent view. */
  static List<byte[]> getMany(Connection connection, PgColumnFamily cf, List<byte[]> keys) throws SQLException {
    cf.queried();
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
   * for open, inclusive or not as told), ascending or descending. A non-null {@code begin} (a
   * {@link ViewSession}'s pending {@code BEGIN}) is sent ahead of the query in the same round trip, so
   * the query takes the new transaction's snapshot.
   */
  static Page page(Connection connection, String begin, PgColumnFamily cf, byte[] low, boolean lowInclusive, byte[] high,
      boolean highInclusive, boolean ascending, int limit) throws SQLException {
    cf.queried();
    String query = cf.page(Bound.of(low, lowInclusive), Bound.of(high, highInclusive), ascending);
    try (PreparedStatement statement = connection.prepareStatement(begin == null ? query : begin + "; " + query)) {
      int index = 1;
      if (low != null) {
        statement.setBytes(index++, low);
      }
      if (high != null) {
        statement.setBytes(index++, high);
      }
      statement.setInt(index, limit);
      int expected = Math.min(limit, 1024);
      List<byte[]> keys = new ArrayList<>(expected);
      List<byte[]> values = new ArrayList<>(expected);
      try (ResultSet rows = results(statement, begin != null)) {
        while (rows.next()) {
          keys.add(rows.getBytes(1));
          values.add(rows.getBytes(2));
        }
      }
      return new Page(keys, values);
    }
  }

  /** The rows of {@code statement}'s query, after the result of the {@code BEGIN} ahead of it if {@code begun}. */
  private static ResultSet results(PreparedStatement statement, boolean begun) throws SQLException {
    if (!begun) {
      return statement.executeQuery();
    }
    statement.execute();
    if (!statement.getMoreResults()) {
      throw new SQLException("the page query after BEGIN returned no rows");
    }
    return statement.getResultSet();
  }

  /** The number of keys of {@code cf} within {@code bounds}, counted by the server in one statement. */
  static long count(Connection connection, PgColumnFamily cf, Bounds bounds) throws SQLException {
    cf.queried();
    try (PreparedStatement statement = connection.prepareStatement(cf.count(bounds.lower() != null, bounds.upper() != null))) {
      setBounds(statement, bounds);
      return single(statement);
    }
  }

  /**
   * The number of keys of {@code cf} within {@code bounds} that are not among {@code except} (keys
   * within the bounds, each once), counted by the server in one statement.
   */
  static long countExcept(Connection connection, PgColumnFamily cf, Bounds bounds, List<byte[]> except) throws SQLException {
    cf.queried();
    Array array = connection.createArrayOf("bytea", except.toArray(new byte[0][]));
    try (PreparedStatement statement = connection.prepareStatement(
        cf.countExcept(bounds.lower() != null, bounds.upper() != null))) {
      statement.setArray(setBounds(statement, bounds), array);
      return single(statement);
    } finally {
      array.free();
    }
  }

  /** Sets the bounds that are not open as the first parameters; returns the next parameter's index. */
  private static int setBounds(PreparedStatement statement, Bounds bounds) throws SQLException {
    int index = 1;
    if (bounds.lower() != null) {
      statement.setBytes(index++, bounds.lower());
    }
    if (bounds.upper() != null) {
      statement.setBytes(index++, bounds.upper());
    }
    return index;
  }

  private static long single(PreparedStatement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
