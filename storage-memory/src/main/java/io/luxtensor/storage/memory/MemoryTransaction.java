package io.luxtensor.storage.memory;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.TransactionWrites;

/**
 * An optimistic transaction: reads at its start sequence, with its own buffered writes laid over
 * them; commit fails when any written key gained a version after the start.
 */
final class MemoryTransaction implements EngineTransaction {

  private final MemoryEngine engine;
  private final long startSeq;
  private final TransactionWrites writes = new TransactionWrites();
  private boolean released;

  MemoryTransaction(MemoryEngine engine, long startSeq) {
    this.engine = engine;
    this.startSeq = startSeq;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return writes.get(cf, key, (family, k) -> MemoryEngine.readAt((MemoryColumnFamily) family, k, startSeq));
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    engine.readers.register(() -> startSeq);
    return writes.cursor(cf, new MemoryCursor((MemoryColumnFamily) cf, startSeq, () -> engine.readers.release(startSeq)));
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
    try {
      if (!engine.commitIfUnchanged(writes, startSeq)) {
        throw new TransactionConflictException("transaction conflicts with a write committed after it began "
            + "(to a key it also wrote); nothing was applied; retry the transaction");
      }
    } finally {
      release();
    }
  }

  @Override
  public void rollback() {
    release();
  }

  @Override
  public void close() {
    release();
  }

  private void release() {
    if (!released) {
      released = true;
      writes.clear();
      engine.readers.release(startSeq);
    }
  }
}
