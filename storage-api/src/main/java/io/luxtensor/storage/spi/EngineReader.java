package io.luxtensor.storage.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads of one consistent view: the live store, a snapshot or a transaction. Thread-safe for the
 * store and snapshots; a transaction's reader is used by one thread at a time.
 */
public interface EngineReader {

  /** The value of {@code key}, or {@code null} when absent. The returned array is the caller's. */
  byte[] get(EngineColumnFamily cf, byte[] key);

  /** Values of {@code keys} in order, {@code null} for absent ones, read from one consistent view. */
  default List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    List<byte[]> values = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      values.add(get(cf, key));
    }
    return values;
  }

  /**
   * Values of {@code keys}, each in the family at the same index of {@code families}, read from one
   * consistent view. The default reads them one by one, which is consistent on snapshots and
   * transactions; engines with a native cross-family multi-get override it.
   */
  default List<byte[]> multiGet(List<EngineColumnFamily> families, List<byte[]> keys) {
    List<byte[]> values = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      values.add(get(families.get(i), keys.get(i)));
    }
    return values;
  }

  /**
   * A cursor over the column family as of now. {@code bounds} is a hint the engine may use to limit
   * work (RocksDB's iterate bounds); the decorator enforces the bounds regardless, so a cursor may
   * also step outside them. The cursor sees the data as of its creation, whatever is written later.
   */
  EngineCursor cursor(EngineColumnFamily cf, Bounds bounds);

  /**
   * The number of keys within {@code bounds} on this view. The default steps a {@linkplain
   * #cursor cursor} over them; an engine that counts without reading the entries (a server's
   * {@code count(*)}) overrides it. Never called with empty bounds: the decorator answers those.
   */
  default long count(EngineColumnFamily cf, Bounds bounds) {
    return RangeWalk.entries(this, cf, bounds, false);
  }
}
