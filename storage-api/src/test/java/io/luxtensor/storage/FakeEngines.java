package io.luxtensor.storage;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.util.List;
import java.util.Set;

/** Two providers registered in this module's test resources, for discovery tests; their engines hold nothing. */
final class FakeEngines {

  private FakeEngines() {}

  public static class Alpha extends Base {
    public Alpha() {
      super("alpha", 5);
    }
  }

  public static final class Beta extends Base {
    public Beta() {
      super("beta", 10);
    }
  }

  abstract static class Base implements StorageEngineProvider {
    private final String name;
    private final int priority;

    Base(String name, int priority) {
      this.name = name;
      this.priority = priority;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of();
    }

    @Override
    public int maxKeySize() {
      return 16;
    }

    @Override
    public StorageEngine open(StorageConfig config) {
      return new EmptyEngine();
    }
  }

  /** An engine with only the default column family, which stores nothing. */
  static final class EmptyEngine implements StorageEngine {
    private final EngineColumnFamily defaultFamily = () -> StorageConfig.DEFAULT_COLUMN_FAMILY;
    boolean closed;

    @Override
    public byte[] get(EngineColumnFamily cf, byte[] key) {
      return null;
    }

    @Override
    public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<EngineColumnFamily> columnFamilies() {
      return List.of(defaultFamily);
    }

    @Override
    public EngineColumnFamily createColumnFamily(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void dropColumnFamily(EngineColumnFamily cf) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {}

    @Override
    public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {}

    @Override
    public void write(EngineBatch batch, WriteOptions options) {}

    @Override
    public EngineSnapshot snapshot() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void flush() {}

    @Override
    public void compact(EngineColumnFamily cf, Bounds range) {}

    @Override
    public EngineStats stats() {
      return EngineStats.unknown();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
