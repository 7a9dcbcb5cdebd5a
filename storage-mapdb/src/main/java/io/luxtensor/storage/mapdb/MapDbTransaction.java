package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.TransactionWrites;

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
  private final TransactionWrites writes = new TransactionWrites();
  private boolean released;

  MapDbTransaction(MapDbEngine engine, long seq) {
    this.engine = engine;
    this.seq = seq;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return writes.get(cf, key, (family, k) -> engine.getAt(family, k, seq));
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return writes.cursor(cf, engine.cursorAt(cf, bounds, engine.registerAt(seq)));
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    writes.put(cf, key, value);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    writes.delete(cf, key);
  }

  @Override
  public void commit() {
    if (!writes.isEmpty()) {
      engine.write(writes.asBatch(), seq);
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
}
