package io.luxtensor.storage.spi;

import io.luxtensor.storage.Keys;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * For engines that implement {@link EngineTransaction} by buffering writes over a snapshot: the
 * transaction's writes per column family, in key order, with the reads and cursors that lay them over
 * the snapshot, and the batch that applies them. A delete is buffered as {@link OverlayCursor#DELETED}.
 * Keys and values are copied in. One thread at a time, like the transaction.
 */
public final class TransactionWrites {

  private final Map<EngineColumnFamily, NavigableMap<byte[], byte[]>> writes = new IdentityHashMap<>();

  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    buffer(cf).put(key.clone(), value.clone());
  }

  public void delete(EngineColumnFamily cf, byte[] key) {
    buffer(cf).put(key.clone(), OverlayCursor.DELETED);
  }

  /**
   * The transaction's view of {@code key}: its own write if it made one, else what {@code snapshotRead}
   * finds in the transaction's snapshot.
   */
  public byte[] get(EngineColumnFamily cf, byte[] key, BiFunction<EngineColumnFamily, byte[], byte[]> snapshotRead) {
    NavigableMap<byte[], byte[]> buffer = writes.get(cf);
    byte[] own = buffer == null ? null : buffer.get(key);
    if (own != null) {
      return own == OverlayCursor.DELETED ? null : own.clone();
    }
    return snapshotRead.apply(cf, key);
  }

  /**
   * The transaction's cursor: {@code base} (a cursor on its snapshot, now owned by the result) with a
   * copy of the writes to {@code cf} laid over it, so that later writes of the transaction stay unseen.
   */
  public EngineCursor cursor(EngineColumnFamily cf, EngineCursor base) {
    NavigableMap<byte[], byte[]> buffer = writes.get(cf);
    return buffer == null || buffer.isEmpty() ? base : new OverlayCursor(base, new TreeMap<>(buffer));
  }

  /** The writes per column family, values or {@link OverlayCursor#DELETED}; a read-only view. */
  public Map<EngineColumnFamily, NavigableMap<byte[], byte[]>> byColumnFamily() {
    return Collections.unmodifiableMap(writes);
  }

  public boolean isEmpty() {
    return writes.isEmpty();
  }

  public void clear() {
    writes.clear();
  }

  /** The writes as one batch, for {@link StorageEngine#write}-style application. */
  public EngineBatch asBatch() {
    return new EngineBatch() {
      @Override
      public int size() {
        return writes.values().stream().mapToInt(Map::size).sum();
      }

      @Override
      public void forEach(Handler handler) {
        writes.forEach((cf, buffer) -> buffer.forEach((key, value) -> {
          if (value == OverlayCursor.DELETED) {
            handler.delete(cf, key);
          } else {
            handler.put(cf, key, value);
          }
        }));
      }
    };
  }

  private NavigableMap<byte[], byte[]> buffer(EngineColumnFamily cf) {
    return writes.computeIfAbsent(cf, f -> new TreeMap<>(Keys.ORDER));
  }
}
