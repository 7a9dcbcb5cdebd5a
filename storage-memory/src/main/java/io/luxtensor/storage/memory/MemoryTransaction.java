package io.luxtensor.storage.memory;

import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.BufferedTransaction;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.TransactionWrites;

/**
 * An optimistic transaction: reads at its start sequence, with its own buffered writes laid over
 * them; commit fails when any written key gained a version after the start (serializable: or when
 * what it read changed). The start sequence is a
 * registered reader until the transaction ends, so the versions it reads are kept. One thread at a time.
 */
final class MemoryTransaction extends BufferedTransaction {

  private final MemoryEngine engine;
  private final long startSeq;

  MemoryTransaction(MemoryEngine engine, long startSeq, Isolation isolation) {
    super(isolation);
    this.engine = engine;
    this.startSeq = startSeq;
  }

  @Override
  protected byte[] snapshotGet(EngineColumnFamily cf, byte[] key) {
    return MemoryEngine.readAt((MemoryColumnFamily) cf, key, startSeq);
  }

  @Override
  protected EngineCursor snapshotCursor(EngineColumnFamily cf, Bounds bounds) {
    engine.readers.register(() -> startSeq);
    return new MemoryCursor((MemoryColumnFamily) cf, startSeq, () -> engine.readers.release(startSeq));
  }

  @Override
  protected void apply(TransactionWrites writes) {
    if (!engine.commitIfUnchanged(writes, startSeq)) {
      throw new TransactionConflictException("transaction conflicts with a write committed after it began "
          + "(to a key it also wrote); nothing was applied; retry the transaction");
    }
  }

  @Override
  protected void releaseSnapshot() {
    engine.readers.release(startSeq);
  }
}
