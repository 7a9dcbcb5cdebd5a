package io.luxtensor.storage.tck;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.Capability;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simplest correct engine (one lock, copy-on-read snapshots), which can be built with one
 * {@link Bug}. Built without one it must pass the TCK; with one, the TCK must fail.
 */
final class ReferenceEngine implements StorageEngine {

  static StorageEngineProvider provider(Bug bug) {
    return new StorageEngineProvider() {
      @Override
      public String name() {
        return "reference";
      }

      @Override
      public int priority() {
        return 1;
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of();
      }

      @Override
      public int maxKeySize() {
        return 1024;
      }

      @Override
      public StorageEngine open(StorageConfig config) {
        return new ReferenceEngine(bug, config.columnFamilies());
      }
    };
  }

  private static final class Family implements EngineColumnFamily {
    final String name;
    final TreeMap<byte[], byte[]> data;
    boolean dropped;

    Family(String name, Comparator<byte[]> order) {
      this.name = name;
      this.data = new TreeMap<>(order);
    }

    @Override
    public String name() {
      return name;
    }
  }

  private final Bug bug;
  private final Comparator<byte[]> order;
  private final Map<String, Family> families = new LinkedHashMap<>();

  ReferenceEngine(Bug bug, List<String> names) {
    this.bug = bug;
    this.order = bug == Bug.SIGNED_ORDER ? Arrays::compare : Keys.ORDER;
    names.forEach(n -> families.put(n, new Family(n, order)));
  }

  @Override
  public synchronized byte[] get(EngineColumnFamily cf, byte[] key) {
    byte[] value = ((Family) cf).data.get(key);
    return value == null ? null : value.clone();
  }

  @Override
  public synchronized EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    TreeMap<byte[], byte[]> data = ((Family) cf).data;
    return new MapCursor(bug == Bug.ITERATOR_SEES_LATER_WRITES ? data : new TreeMap<>(data), this);
  }

  @Override
  public synchronized List<EngineColumnFamily> columnFamilies() {
    return new ArrayList<>(families.values());
  }

  @Override
  public synchronized EngineColumnFamily createColumnFamily(String name) {
    Family family = new Family(name, order);
    families.put(name, family);
    return family;
  }

  @Override
  public synchronized void dropColumnFamily(EngineColumnFamily cf) {
    ((Family) cf).dropped = true;
    families.remove(cf.name());
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    write(single(h -> h.put(cf, key, value)), options);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    write(single(h -> h.delete(cf, key)), options);
  }

  private static EngineBatch single(java.util.function.Consumer<EngineBatch.Handler> op) {
    return new EngineBatch() {
      @Override
      public int size() {
        return 1;
      }

      @Override
      public void forEach(Handler handler) {
        op.accept(handler);
      }
    };
  }

  @Override
  public synchronized void write(EngineBatch batch, WriteOptions options) {
    if (bug != Bug.HALF_APPLIED_BATCH) {
      batch.columnFamilies().forEach(ReferenceEngine::live);
    }
    batch.forEach(new EngineBatch.Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
        live(cf).data.put(key.clone(), value.clone());
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] key) {
        live(cf).data.remove(key);
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        NavigableMap<byte[], byte[]> data = live(cf).data;
        if (order.compare(from, to) < 0) {
          data.subMap(from, true, to, bug == Bug.DELETE_RANGE_INCLUDES_END).clear();
        }
      }
    });
  }

  private static Family live(EngineColumnFamily cf) {
    Family family = (Family) cf;
    if (family.dropped) {
      throw new UnknownColumnFamilyException(family.name, "column family " + family.name + " was dropped");
    }
    return family;
  }

  @Override
  public synchronized EngineSnapshot snapshot() {
    Map<EngineColumnFamily, TreeMap<byte[], byte[]>> frozen = new LinkedHashMap<>();
    for (Family family : families.values()) {
      frozen.put(family, bug == Bug.SNAPSHOT_SEES_LATER_WRITES ? family.data : new TreeMap<>(family.data));
    }
    ReferenceEngine lock = this;
    return new EngineSnapshot() {
      @Override
      public byte[] get(EngineColumnFamily cf, byte[] key) {
        synchronized (lock) {
          byte[] value = frozen.get(cf).get(key);
          return value == null ? null : value.clone();
        }
      }

      @Override
      public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
        return new MapCursor(frozen.get(cf), lock);
      }

      @Override
      public void close() {}
    };
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

  /** A cursor that navigates a sorted map by key, under the engine's lock. */
  private static final class MapCursor implements EngineCursor {
    private final NavigableMap<byte[], byte[]> map;
    private final Object lock;
    private Map.Entry<byte[], byte[]> current;

    MapCursor(NavigableMap<byte[], byte[]> map, Object lock) {
      this.map = map;
      this.lock = lock;
    }

    @Override
    public void seek(byte[] key) {
      synchronized (lock) {
        current = map.ceilingEntry(key);
      }
    }

    @Override
    public void seekForPrev(byte[] key) {
      synchronized (lock) {
        current = map.floorEntry(key);
      }
    }

    @Override
    public void seekToFirst() {
      synchronized (lock) {
        current = map.firstEntry();
      }
    }

    @Override
    public void seekToLast() {
      synchronized (lock) {
        current = map.lastEntry();
      }
    }

    @Override
    public void next() {
      synchronized (lock) {
        current = map.higherEntry(current.getKey());
      }
    }

    @Override
    public void prev() {
      synchronized (lock) {
        current = map.lowerEntry(current.getKey());
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
    public void close() {}
  }
}
