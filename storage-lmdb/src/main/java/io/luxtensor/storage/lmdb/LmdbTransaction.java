package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.BufferedTransaction;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.TransactionWrites;

/**
 * An optimistic transaction: its writes buffered over an {@link LmdbSnapshot} (one read transaction)
 * until commit, which validates and applies them under LMDB's single write transaction
 * ({@link LmdbEngine#commit}): it fails with {@link io.luxtensor.storage.TransactionConflictException}
 * when another commit wrote one of its keys after the snapshot (write-write conflicts; at serializable
 * isolation also when what it read changed). The snapshot, and its reader slot, is held until the transaction ends. One thread
 * at a time.
 */
final class LmdbTransaction extends BufferedTransaction {

  private final LmdbEngine engine;
  private final LmdbSnapshot snapshot;

  LmdbTransaction(LmdbEngine engine, LmdbSnapshot snapshot, Isolation isolation) {
    super(isolation);
    this.engine = engine;
    this.snapshot = snapshot;
  }

  @Override
  protected byte[] snapshotGet(EngineColumnFamily cf, byte[] key) {
    return snapshot.get(cf, key);
  }

  @Override
  protected EngineCursor snapshotCursor(EngineColumnFamily cf, Bounds bounds) {
    return snapshot.cursor(cf, bounds);
  }

  @Override
  protected void apply(TransactionWrites writes) {
    engine.commit(snapshot, writes);
  }

  /** Closes the snapshot, then tells the write log, even when the close fails. */
  @Override
  protected void releaseSnapshot() {
    long id = snapshot.txnId();
    try {
      snapshot.close();
    } finally {
      engine.transactionEnded(id);
    }
  }
}
