package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.spi.EngineColumnFamily;
import org.rocksdb.ColumnFamilyHandle;

/**
 * A column family of an open RocksDB: its name and native handle. The handle is owned by the
 * engine's {@link NativeOwner} and stays open until the engine closes, even after a drop, because a
 * cursor or snapshot opened before the drop may still read through it (RocksDB keeps a dropped
 * family's files until its last handle is gone).
 */
final class RocksDbColumnFamily implements EngineColumnFamily {

  private final String name;
  private final ColumnFamilyHandle handle;
  /** RocksDB's id of the family, fixed for the handle's life; a batch record names its family by it. */
  private final int id;
  private volatile boolean dropped;

  RocksDbColumnFamily(String name, ColumnFamilyHandle handle) {
    this.name = name;
    this.handle = handle;
    this.id = handle.getID();
  }

  @Override
  public String name() {
    return name;
  }

  ColumnFamilyHandle handle() {
    return handle;
  }

  int id() {
    return id;
  }

  boolean isDropped() {
    return dropped;
  }

  void markDropped(boolean value) {
    dropped = value;
  }

  /** Throws when the family was dropped; called under the engine's write gate, atomic with the write. */
  void checkWritable() {
    if (dropped) {
      throw new UnknownColumnFamilyException(name, "column family \"" + name
          + "\" was dropped; nothing was written; create it again with createColumnFamily(\"" + name + "\")");
    }
  }

  @Override
  public String toString() {
    return "RocksDbColumnFamily[" + name + (dropped ? ", dropped" : "") + "]";
  }
}
