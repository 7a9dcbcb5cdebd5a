package io.luxtensor.storage.postgres;

import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.spi.EngineColumnFamily;

/**
 * A column family: one table {@code schema.<prefix>cf_<id>} with its statements prepared as text. The
 * id comes from a sequence and is never reused, so a handle another process dropped can never write
 * into a newer family's table. Thread-safe: the drop flag is the only state that changes.
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
  private volatile boolean dropped;

  PgColumnFamily(String name, long id, String table, SqlDialect dialect) {
    this.name = name;
    this.id = id;
    this.table = table;
    this.get = "SELECT v FROM " + table + " WHERE k = ?";
    this.getMany = "SELECT k, v FROM " + table + " WHERE k = ANY (?)";
    this.upsert = dialect.upsert(table);
    this.delete = "DELETE FROM " + table + " WHERE k = ?";
    this.deleteRange = "DELETE FROM " + table + " WHERE k >= ? AND k < ?";
    this.deleteFrom = "DELETE FROM " + table + " WHERE k >= ?";
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
