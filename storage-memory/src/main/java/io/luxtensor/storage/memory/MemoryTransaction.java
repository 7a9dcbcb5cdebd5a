package io.luxtensor.storage.memory;

import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.OverlayCursor;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An optimistic transaction: reads at its start sequence, with its own buffered writes laid over
 * them; commit fails when any written key gained a version after the start.
 */
final class MemoryTransaction implements EngineTransaction {


  private final MemoryEngine engine;
  private final long startSeq;
  private final Map<MemoryColumnFamily, TreeMap<byte[], byte[]>> writes = new HashMap<>();
  private boolean released;

  MemoryTransaction(MemoryEngine engine, long startSeq) {
    this.engine = engine;
    this.startSeq = startSeq;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    TreeMap<byte[], byte[]> own = writes.get((MemoryColumnFamily) cf);
    byte[] written = own == null ? null : own.get(key);
    if (written != null) {
      return written == OverlayCursor.DELETED ? null : written.clone();
    }
    return MemoryEngine.readAt((MemoryColumnFamily) cf, key, startSeq);
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, KeyRange bounds) {
    MemoryColumnFamily family = (MemoryColumnFamily) cf;
    engine.readers.register(() -> startSeq);
    EngineCursor base = new MemoryCursor(family, startSeq, () -> engine.readers.release(startSeq));
    TreeMap<byte[], byte[]> own = writes.get(family);
    // A copy: the cursor sees the transaction's writes as of its creation, like every cursor.
    return own == null ? base : new OverlayCursor(base, new TreeMap<>(own));
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    buffer(cf).put(key.clone(), value.clone());
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    buffer(cf).put(key.clone(), OverlayCursor.DELETED);
  }

  private TreeMap<byte[], byte[]> buffer(EngineColumnFamily cf) {
    return writes.computeIfAbsent((MemoryColumnFamily) cf, f -> new TreeMap<>(Keys.ORDER));
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
