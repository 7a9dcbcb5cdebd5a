package io.luxtensor.storage.tck;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference engine behind a read cache that forgets about writes it does not see key by key:
 * plain puts and deletes drop the key's entry, but batches (and so range deletes) and transaction
 * commits leave entries as they were, so later gets return values older than those writes. The
 * kind of cache a user would bolt on in front of a store; the TCK must catch it.
 */
final class StaleReadCacheEngine implements StorageEngine {

  private final StorageEngine engine;
  private final Map<Entry, Optional<byte[]>> cache = new ConcurrentHashMap<>();

  private record Entry(EngineColumnFamily cf, ByteBuffer key) {}

  private StaleReadCacheEngine(StorageEngine engine) {
    this.engine = engine;
  }

  static StorageEngineProvider provider() {
    StorageEngineProvider reference = ReferenceEngine.provider(Bug.NONE);
    return new StorageEngineProvider() {
      @Override
      public String name() {
        return reference.name();
      }

      @Override
      public int priority() {
        return reference.priority();
      }

      @Override
      public Set<Capability> capabilities() {
        return reference.capabilities();
      }

      @Override
      public int maxKeySize() {
        return reference.maxKeySize();
      }

      @Override
      public StorageEngine open(StorageConfig config) {
        return new StaleReadCacheEngine(reference.open(config));
      }
    };
  }

  private static Entry entry(EngineColumnFamily cf, byte[] key) {
    return new Entry(cf, ByteBuffer.wrap(key.clone()));
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    Optional<byte[]> value = cache.computeIfAbsent(entry(cf, key), e -> Optional.ofNullable(engine.get(cf, key)));
    return value.map(byte[]::clone).orElse(null);
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return engine.cursor(cf, bounds);
  }

  @Override
  public List<EngineColumnFamily> columnFamilies() {
    return engine.columnFamilies();
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    return engine.createColumnFamily(name);
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    engine.dropColumnFamily(cf);
    cache.keySet().removeIf(e -> e.cf() == cf);
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    engine.put(cf, key, value, options);
    cache.remove(entry(cf, key));
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    engine.delete(cf, key, options);
    cache.remove(entry(cf, key));
  }

  @Override
  public void write(EngineBatch batch, WriteOptions options) {
    engine.write(batch, options); // the bug: the batch's keys keep their cached values
  }

  @Override
  public EngineSnapshot snapshot() {
    return engine.snapshot();
  }

  @Override
  public EngineTransaction beginTransaction() {
    return engine.beginTransaction(); // the bug: a commit leaves the cache as it was
  }

  @Override
  public void checkpoint(java.nio.file.Path target) {
    engine.checkpoint(target);
  }

  @Override
  public void flush() {
    engine.flush();
  }

  @Override
  public void compact(EngineColumnFamily cf, Bounds range) {
    engine.compact(cf, range);
  }

  @Override
  public EngineStats stats() {
    return engine.stats();
  }

  @Override
  public void close() {
    engine.close();
  }
}
