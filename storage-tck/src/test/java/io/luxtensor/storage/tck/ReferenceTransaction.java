package io.luxtensor.storage.tck;

import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.ReadSet;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.TransactionWrites;

/**
 * The reference engine's optimistic transaction: reads a snapshot taken at its start with its own
 * writes laid over it, and commits only if no key it wrote gained a newer version since (and, when
 * serializable, nothing it read changed).
 */
final class ReferenceTransaction implements EngineTransaction {

  private final ReferenceEngine engine;
  private final EngineSnapshot snapshot;
  private final long startVersion;
  private final TransactionWrites writes = new TransactionWrites();
  /** What a serializable transaction read; {@code null} at snapshot isolation. */
  private final ReadSet reads;

  ReferenceTransaction(ReferenceEngine engine, EngineSnapshot snapshot, long startVersion, Isolation isolation) {
    this.engine = engine;
    this.snapshot = snapshot;
    this.startVersion = startVersion;
    this.reads = isolation == Isolation.SERIALIZABLE ? new ReadSet() : null;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return writes.get(cf, key, (family, k) -> {
      if (reads != null) {
        reads.key(family, k);
      }
      return snapshot.get(family, k);
    });
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    if (reads != null) {
      reads.range(cf, bounds);
    }
    return writes.cursor(cf, snapshot.cursor(cf, bounds));
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
    engine.commit(writes, startVersion, reads == null ? null : latest -> reads.validate(snapshot, latest));
  }

  @Override
  public void rollback() {
    writes.clear();
  }

  @Override
  public void close() {
    writes.clear();
    snapshot.close();
  }
}
