package io.luxtensor.storage.postgres;

import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.util.concurrent.atomic.LongAdder;

/**
 * A column family: one table {@code schema.<prefix>cf_<id>} with its statements prepared as text
 * (built once here, not per read: the driver finds its prepared statements by this text). The id
 * comes from a sequence and is never reused, so a handle another process dropped can never write
 * into a newer family's table. Thread-safe: the drop flag and the engine's query counter are the only
 * state that changes.
 */
final class PgColumnFamily implements EngineColumnFamily {

  private final String name;
  private final long id;
  private final String table;
  final String get;
  final String getMany;
  final String upsert;
  final String delete;
  final String deleteRange;
  final String deleteFrom;
  /** Page queries by {@link #pageIndex}. */
  private final String[] pages = new String[18];
  /** Counts by {@link #countIndex}, then the same with the keys of a parameter subtracted. */
  private final String[] counts = new String[8];
  private final LongAdder queries;
  private volatile boolean dropped;

  /** A family whose reads add to {@code queries}, the engine's count of read queries. */
  PgColumnFamily(String name, long id, String table, SqlDialect dialect, LongAdder queries) {
    this.name = name;
    this.id = id;
    this.table = table;
    this.queries = queries;
    this.get = "SELECT v FROM " + table + " WHERE k = ?";
    this.getMany = "SELECT k, v FROM " + table + " WHERE k = ANY (?)";
    this.upsert = dialect.upsert(table);
    this.delete = "DELETE FROM " + table + " WHERE k = ?";
    this.deleteRange = "DELETE FROM " + table + " WHERE k >= ? AND k < ?";
    this.deleteFrom = "DELETE FROM " + table + " WHERE k >= ?";
    for (Bound low : Bound.values()) {
      for (Bound high : Bound.values()) {
        for (boolean ascending : new boolean[] {true, false}) {
          pages[pageIndex(low, high, ascending)] = page(table, low, high, ascending);
        }
      }
    }
    for (boolean lower : new boolean[] {false, true}) {
      for (boolean upper : new boolean[] {false, true}) {
        counts[countIndex(lower, upper)] = dialect.count(table, lower, upper);
        counts[4 + countIndex(lower, upper)] = dialect.countExcept(table, lower, upper);
      }
    }
  }

  /** One side of a page query's range. */
  enum Bound {
    OPEN, INCLUSIVE, EXCLUSIVE;

    static Bound of(byte[] bound, boolean inclusive) {
      return bound == null ? OPEN : inclusive ? INCLUSIVE : EXCLUSIVE;
    }
  }

  private static int pageIndex(Bound low, Bound high, boolean ascending) {
    return (low.ordinal() * 3 + high.ordinal()) * 2 + (ascending ? 0 : 1);
  }

  private static String page(String table, Bound low, Bound high, boolean ascending) {
    StringBuilder sql = new StringBuilder("SELECT k, v FROM ").append(table);
    String joiner = " WHERE ";
    if (low != Bound.OPEN) {
      sql.append(joiner).append(low == Bound.INCLUSIVE ? "k >= ?" : "k > ?");
      joiner = " AND ";
    }
    if (high != Bound.OPEN) {
      sql.append(joiner).append(high == Bound.INCLUSIVE ? "k <= ?" : "k < ?");
    }
    return sql.append(ascending ? " ORDER BY k LIMIT ?" : " ORDER BY k DESC LIMIT ?").toString();
  }

  /**
   * The query for at most a {@code LIMIT} parameter of entries between {@code low} and {@code high},
   * ascending or descending; its parameters are the bounds that are not open, low first, then the limit.
   */
  String page(Bound low, Bound high, boolean ascending) {
    return pages[pageIndex(low, high, ascending)];
  }

  private static int countIndex(boolean hasLower, boolean hasUpper) {
    return (hasLower ? 1 : 0) + (hasUpper ? 2 : 0);
  }

  /** {@link SqlDialect#count} for this family's table. */
  String count(boolean hasLower, boolean hasUpper) {
    return counts[countIndex(hasLower, hasUpper)];
  }

  /** {@link SqlDialect#countExcept} for this family's table. */
  String countExcept(boolean hasLower, boolean hasUpper) {
    return counts[4 + countIndex(hasLower, hasUpper)];
  }

  /** Records one read query sent for this family (see {@link PostgresEngine#stats()}). */
  void queried() {
    queries.increment();
  }

  @Override
  public String name() {
    return name;
  }

  /** The family's number in the store's catalog. */
  long id() {
    return id;
  }

  /** The qualified table name. */
  String table() {
    return table;
  }

  void markDropped() {
    dropped = true;
  }

  /** Throws {@link UnknownColumnFamilyException} if this family was dropped through this store. */
  void checkNotDropped() {
    if (dropped) {
      throw dropped();
    }
  }

  UnknownColumnFamilyException dropped() {
    return new UnknownColumnFamilyException(name, "column family \"" + name + "\" was dropped (its table " + table
        + " no longer exists); reopen it with createColumnFamily");
  }

  @Override
  public String toString() {
    return name + " (" + table + ")";
  }
}
