package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.OverlayCursor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An optimistic transaction: a registered read sequence (like a snapshot) plus a private buffer of
 * writes per family. Reads see the buffer over the store as of the read sequence. Commit hands the
 * buffer to the engine as one batch, which fails with a conflict when any written key has a version
 * newer than the read sequence, that is, another writer committed it after this transaction began
 * (write-write conflicts; keys only read are not checked). One thread at a time.
 */
final class MapDbTransaction implements EngineTransaction {


  private final MapDbEngine engine;
  private final long seq;
  private final Map<MapDbColumnFamily, NavigableMap<byte[], byte[]>> writes = new IdentityHashMap<>();
  private boolean released;

  MapDbTransaction(MapDbEngine engine, long seq) {
    this.engine = engine;
    this.seq = seq;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    NavigableMap<byte[], byte[]> buffer = writes.get((MapDbColumnFamily) cf);
    byte[] own = buffer == null ? null : buffer.get(key);
    if (own != null) {
      return own == OverlayCursor.DELETED ? null : own.clone();
    }
    return engine.getAt(cf, key, seq);
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, KeyRange bounds) {
    NavigableMap<byte[], byte[]> buffer = writes.get((MapDbColumnFamily) cf);
    EngineCursor base = engine.cursorAt(cf, bounds, engine.registerAt(seq));
    if (buffer == null || buffer.isEmpty()) {
      return base;
    }
    // A copy: later writes of the transaction must not show through, nor break the walk.
    return new OverlayCursor(base, new TreeMap<>(buffer));
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    buffer(cf).put(key.clone(), value.clone());
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    buffer(cf).put(key.clone(), OverlayCursor.DELETED);
  }

  @Override
  public void commit() {
    if (!writes.isEmpty()) {
      engine.write(asBatch(), seq);
    }
    writes.clear();
  }

  @Override
  public void rollback() {
    writes.clear();
  }

  @Override
  public void close() {
    writes.clear();
    if (!released) {
      released = true;
      engine.release(seq);
    }
  }

  private NavigableMap<byte[], byte[]> buffer(EngineColumnFamily cf) {
    return writes.computeIfAbsent((MapDbColumnFamily) cf, f -> new TreeMap<>(Keys.ORDER));
  }

  private EngineBatch asBatch() {
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
}
