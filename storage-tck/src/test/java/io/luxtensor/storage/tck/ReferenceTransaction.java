package io.luxtensor.storage.tck;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.TransactionWrites;

/**
 * The reference engine's optimistic transaction: reads a snapshot taken at its start with its own
 * writes laid over it, and commits only if no key it wrote gained a newer version since.
 */
final class ReferenceTransaction implements EngineTransaction {

  private final ReferenceEngine engine;
  private final EngineSnapshot snapshot;
  private final long startVersion;
  private final TransactionWrites writes = new TransactionWrites();

  ReferenceTransaction(ReferenceEngine engine, EngineSnapshot snapshot, long startVersion) {
    this.engine = engine;
    this.snapshot = snapshot;
    this.startVersion = startVersion;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return writes.get(cf, key, snapshot::get);
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
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
    engine.commit(writes, startVersion);
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
