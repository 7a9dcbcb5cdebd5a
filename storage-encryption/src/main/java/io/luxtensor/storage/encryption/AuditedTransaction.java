package io.luxtensor.storage.encryption;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineTransaction;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A transaction whose writes are counted per column family and recorded when it commits. Used by one
 * thread at a time, as the engine's; closes the engine's transaction.
 */
final class AuditedTransaction implements EngineTransaction {

  private final EngineTransaction inner;
  private final AuditedEngine engine;
  private final Map<String, AuditedEngine.WriteCounts> counts = new TreeMap<>();

  AuditedTransaction(EngineTransaction inner, AuditedEngine engine) {
    this.inner = inner;
    this.engine = engine;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return inner.get(cf, key);
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    return inner.multiGet(cf, keys);
  }

  @Override
  public List<byte[]> multiGet(List<EngineColumnFamily> families, List<byte[]> keys) {
    return inner.multiGet(families, keys);
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return inner.cursor(cf, bounds);
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    inner.put(cf, key, value);
    counts.computeIfAbsent(cf.name(), n -> new AuditedEngine.WriteCounts()).put(key.length + value.length);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    inner.delete(cf, key);
    counts.computeIfAbsent(cf.name(), n -> new AuditedEngine.WriteCounts()).delete(key.length);
  }

  @Override
  public void commit() {
    inner.commit();
    engine.record("commit", counts);
  }

  @Override
  public void rollback() {
    inner.rollback();
  }

  @Override
  public void close() {
    inner.close();
  }
}
