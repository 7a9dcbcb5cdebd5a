package io.luxtensor.storage;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.ReadAhead;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine over a sorted map, of the default column family only, whose cursors walk a copy taken at
 * their creation and, as an engine may, go off the end where a step would leave their bounds: enough
 * to test what the decorator does with cursors. Keys put in {@link #damaged}
 * fail as a damaged entry would ({@link CorruptionException}) whenever a cursor lands on them, and
 * {@link #readAheads} counts the cursors' read-ahead calls. Writes are thread-safe; a cursor is used
 * by one thread at a time.
 */
final class SortedEngine implements StorageEngine {

  private static final EngineColumnFamily DEFAULT = () -> StorageConfig.DEFAULT_COLUMN_FAMILY;

  private final NavigableMap<byte[], byte[]> entries = new ConcurrentSkipListMap<>(Keys.ORDER);
  final Set<String> damaged = java.util.concurrent.ConcurrentHashMap.newKeySet();
  final AtomicInteger readAheads = new AtomicInteger();

  /** A provider that hands out {@code engine} on every open. */
  static StorageEngineProvider provider(SortedEngine engine) {
    return new StorageEngineProvider() {
      @Override
      public String name() {
        return "sorted";
      }

      @Override
      public int priority() {
        return 0;
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of();
      }

      @Override
      public int maxKeySize() {
        return 64;
      }

      @Override
      public StorageEngine open(StorageConfig config) {
        return engine;
      }
    };
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    byte[] value = entries.get(key);
    return value == null ? null : value.clone();
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return new Cursor(new TreeMap<>(entries), bounds);
  }

  @Override
  public List<EngineColumnFamily> columnFamilies() {
    return List.of(DEFAULT);
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    throw new UnsupportedOperationException("SortedEngine has the default column family only");
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    throw new UnsupportedOperationException("SortedEngine has the default column family only");
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    entries.put(key.clone(), value.clone());
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    entries.remove(key);
  }

  @Override
  public void write(EngineBatch batch, WriteOptions options) {
    batch.forEach(new EngineBatch.Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
        SortedEngine.this.put(cf, key, value, options);
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] key) {
        SortedEngine.this.delete(cf, key, options);
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        entries.subMap(from, to).clear();
      }
    });
  }

  @Override
  public EngineSnapshot snapshot() {
    throw new UnsupportedOperationException("SortedEngine has no snapshots");
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

  /** A cursor over a frozen copy; steps stop at the bounds, lands fail on damaged keys. */
  private final class Cursor implements EngineCursor {
    private final NavigableMap<byte[], byte[]> view;
    private final Bounds bounds;
    private Map.Entry<byte[], byte[]> current;

    Cursor(NavigableMap<byte[], byte[]> view, Bounds bounds) {
      this.view = view;
      this.bounds = bounds;
    }

    @Override
    public void seek(byte[] key) {
      land(view.ceilingEntry(key));
    }

    @Override
    public void seekForPrev(byte[] key) {
      land(view.floorEntry(key));
    }

    @Override
    public void seekToFirst() {
      land(view.firstEntry());
    }

    @Override
    public void seekToLast() {
      land(view.lastEntry());
    }

    @Override
    public void next() {
      Map.Entry<byte[], byte[]> next = view.higherEntry(current.getKey());
      land(next == null || bounds.upper() != null && Keys.compare(next.getKey(), bounds.upper()) >= 0 ? null : next);
    }

    @Override
    public void prev() {
      Map.Entry<byte[], byte[]> previous = view.lowerEntry(current.getKey());
      land(previous == null || bounds.lower() != null && Keys.compare(previous.getKey(), bounds.lower()) < 0 ? null : previous);
    }

    private void land(Map.Entry<byte[], byte[]> entry) {
      current = entry;
      if (entry != null && damaged.contains(new String(entry.getKey(), java.nio.charset.StandardCharsets.UTF_8))) {
        current = null;
        throw new CorruptionException("entry " + new String(entry.getKey(), java.nio.charset.StandardCharsets.UTF_8)
            + " is damaged");
      }
    }

    @Override
    public boolean isValid() {
      return current != null;
    }

    @Override
    public byte[] key() {
      return current.getKey().clone();
    }

    @Override
    public byte[] value() {
      return current.getValue().clone();
    }

    @Override
    public void readAhead(ReadAhead batch) {
      readAheads.incrementAndGet();
      EngineCursor.super.readAhead(batch);
    }

    @Override
    public void close() {
      current = null;
    }
  }
}
