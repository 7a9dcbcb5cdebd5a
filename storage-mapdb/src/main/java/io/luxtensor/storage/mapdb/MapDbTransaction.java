package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.BufferedTransaction;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.TransactionWrites;

/**
 * An optimistic transaction: a registered read sequence (like a snapshot) plus a private buffer of
 * writes per family. Reads see the buffer over the store as of the read sequence. Commit hands the
 * buffer to the engine as one batch, which fails with a conflict when any written key has a version
 * newer than the read sequence, that is, another writer committed it after this transaction began
 * (write-write conflicts; at serializable isolation, also when what it read changed). The read sequence stays registered until
 * the transaction ends. One thread at a time.
 */
final class MapDbTransaction extends BufferedTransaction {

  private final MapDbEngine engine;
  private final long seq;

  MapDbTransaction(MapDbEngine engine, long seq, Isolation isolation) {
    super(isolation);
    this.engine = engine;
    this.seq = seq;
  }

  @Override
  protected byte[] snapshotGet(EngineColumnFamily cf, byte[] key) {
    return engine.getAt(cf, key, seq);
  }

  @Override
  protected EngineCursor snapshotCursor(EngineColumnFamily cf, Bounds bounds) {
    return engine.cursorAt(cf, bounds, engine.registerAt(seq));
  }

  @Override
  protected void apply(TransactionWrites writes) {
    engine.commit(writes, seq);
  }

  @Override
  protected void releaseSnapshot() {
    engine.release(seq);
  }
}
