package io.luxtensor.storage.spi;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.UnsupportedCapabilityException;
import io.luxtensor.storage.WriteOptions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bare engine over a map, of the default column family only, with transactions that apply their
 * writes at commit and, when built so, serializable ones: enough for a layer's unit test of what it
 * does with writes and transactions. Cursors, snapshots and family changes are unsupported.
 * Thread-safe for the store's calls.
 */
final class MapEngine implements StorageEngine {

  static final EngineColumnFamily DEFAULT = new Recorder.Family(StorageConfig.DEFAULT_COLUMN_FAMILY);

  private final boolean serializable;
  private final Map<String, byte[]> entries = new ConcurrentHashMap<>();

  MapEngine(boolean serializable) {
    this.serializable = serializable;
  }

  /** A provider of one fresh engine per open that declares every transaction capability, as the engines do. */
  static StorageEngineProvider provider(java.util.function.Supplier<StorageEngine> engines) {
    return new StorageEngineProvider() {
      @Override
      public String name() {
        return "map";
      }

      @Override
      public int priority() {
        return 0;
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.TRANSACTIONS, Capability.SERIALIZABLE_TRANSACTIONS);
      }

      @Override
      public int maxKeySize() {
        return 64;
      }

      @Override
      public StorageEngine open(StorageConfig config) {
        return engines.get();
      }
    };
  }

  private static String id(byte[] key) {
    return HexFormat.of().formatHex(key);
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    byte[] value = entries.get(id(key));
    return value == null ? null : value.clone();
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    throw new UnsupportedOperationException("MapEngine has no cursors");
  }

  @Override
  public List<EngineColumnFamily> columnFamilies() {
    return List.of(DEFAULT);
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    throw new UnsupportedOperationException("MapEngine has the default column family only");
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    throw new UnsupportedOperationException("MapEngine has the default column family only");
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    entries.put(id(key), value.clone());
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    entries.remove(id(key));
  }

  @Override
  public void write(EngineBatch batch, WriteOptions options) {
    batch.forEach(new EngineBatch.Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
        MapEngine.this.put(cf, key, value, options);
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] key) {
        MapEngine.this.delete(cf, key, options);
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        throw new UnsupportedOperationException("MapEngine has no range deletes");
      }
    });
  }

  @Override
  public EngineSnapshot snapshot() {
    throw new UnsupportedOperationException("MapEngine has no snapshots");
  }

  @Override
  public EngineTransaction beginTransaction() {
    return new Transaction();
  }

  @Override
  public boolean supports(Isolation isolation) {
    return isolation == Isolation.SNAPSHOT || serializable;
  }

  @Override
  public EngineTransaction beginTransaction(Isolation isolation) {
    if (!supports(isolation)) {
      throw new UnsupportedCapabilityException(Capability.SERIALIZABLE_TRANSACTIONS, "MapEngine");
    }
    return new Transaction();
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
  public void close() {}

  /** Buffers its writes (a {@code null} value for a delete) and applies them at commit, without conflicts. */
  private final class Transaction implements EngineTransaction {
    private final Map<String, byte[]> writes = new LinkedHashMap<>();

    @Override
    public byte[] get(EngineColumnFamily cf, byte[] key) {
      String id = id(key);
      return writes.containsKey(id) ? writes.get(id) : MapEngine.this.get(cf, key);
    }

    @Override
    public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
      throw new UnsupportedOperationException("MapEngine has no cursors");
    }

    @Override
    public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
      writes.put(id(key), value.clone());
    }

    @Override
    public void delete(EngineColumnFamily cf, byte[] key) {
      writes.put(id(key), null);
    }

    @Override
    public void commit() {
      List<Map.Entry<String, byte[]>> applied = new ArrayList<>(writes.entrySet());
      for (Map.Entry<String, byte[]> write : applied) {
        if (write.getValue() == null) {
          entries.remove(write.getKey());
        } else {
          entries.put(write.getKey(), write.getValue());
        }
      }
    }

    @Override
    public void rollback() {
      writes.clear();
    }

    @Override
    public void close() {}
  }
}
