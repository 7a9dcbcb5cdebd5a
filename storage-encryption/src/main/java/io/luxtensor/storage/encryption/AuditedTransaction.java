package io.luxtensor.storage.encryption;

import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.ForwardingTransaction;
import java.util.Map;
import java.util.TreeMap;

/**
 * A transaction whose writes are counted per column family and recorded when it commits. Used by one
 * thread at a time, as the engine's; closes the engine's transaction.
 */
final class AuditedTransaction extends ForwardingTransaction {

  private final AuditedEngine engine;
  private final Map<String, AuditedEngine.WriteCounts> counts = new TreeMap<>();

  AuditedTransaction(EngineTransaction inner, AuditedEngine engine) {
    super(inner);
    this.engine = engine;
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    super.put(cf, key, value);
    counts.computeIfAbsent(cf.name(), n -> new AuditedEngine.WriteCounts()).put(key.length + value.length);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    super.delete(cf, key);
    counts.computeIfAbsent(cf.name(), n -> new AuditedEngine.WriteCounts()).delete(key.length);
  }

  @Override
  public void commit() {
    super.commit();
    engine.record("commit", counts);
  }
}
