package io.luxtensor.storage.spi;

import io.luxtensor.storage.WriteOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine with a {@link ReadCache} in front of its live point reads: {@code get} on the store is
 * answered from the cache when it can, everything else goes to the engine unchanged (see
 * {@link ForwardingEngine}: counts, warming and transactions of every isolation included). Writes of
 * every kind keep the cache coherent (see {@link ReadCache}): puts, deletes, batches with their range
 * deletes, transaction commits at every isolation level and dropped column families announce their
 * keys before they reach the engine and retire them after. Snapshot, transaction, iterator and
 * {@code multiGet} reads are not cached, so they keep the engine's own consistency (one view for all
 * keys of a multi-get, a serializable transaction's read set).
 *
 * <p>An engine provider opts in by wrapping what it opens with {@link #wrap}; the RocksDB engine does
 * for its option {@code rocksdb.read_cache_bytes}. Thread-safe as far as the engine is; owns the
 * engine it wraps and closes it.
 */
public final class CachingEngine extends ForwardingEngine {

  private final ReadCache cache;

  private CachingEngine(StorageEngine engine, ReadCache cache) {
    super(engine);
    this.cache = cache;
  }

  /** {@code engine} with a read cache of {@code capacityBytes}, or {@code engine} itself when that is 0. */
  public static StorageEngine wrap(StorageEngine engine, long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("read cache capacity must not be negative, was " + capacityBytes);
    }
    return capacityBytes == 0 ? engine : new CachingEngine(engine, new ReadCache(capacityBytes));
  }

  /** The engine behind the cache. */
  public StorageEngine engine() {
    return delegate();
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return cache.get(cf, key, () -> delegate().get(cf, key));
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    cache.beginRange(cf, null, null);
    try {
      super.dropColumnFamily(cf);
    } finally {
      cache.endRange();
    }
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    cache.beginWrite(cf, key);
    try {
      super.put(cf, key, value, options);
    } finally {
      cache.endWrite(cf, key);
    }
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    cache.beginWrite(cf, key);
    try {
      super.delete(cf, key, options);
    } finally {
      cache.endWrite(cf, key);
    }
  }

  @Override
  public void write(EngineBatch batch, WriteOptions options) {
    Writes writes = new Writes(batch.size());
    batch.forEach(writes);
    writes.begin(cache);
    try {
      super.write(batch, options);
    } finally {
      writes.end(cache);
    }
  }

  /** Reads go to the engine's transaction (its own view, its read set), never the cache; commits announce their writes. */
  @Override
  protected EngineTransaction wrapTransaction(EngineTransaction transaction) {
    return new CachingTransaction(transaction);
  }

  /** The engine's stats, with the cache's counters added as {@code luxtensor.read-cache.*} and its bytes in memory usage. */
  @Override
  public EngineStats stats() {
    EngineStats stats = super.stats();
    ReadCache.Counters counters = cache.counters();
    Map<String, Long> properties = new HashMap<>(stats.properties());
    properties.put("luxtensor.read-cache.capacity", cache.capacityBytes());
    properties.put("luxtensor.read-cache.hit", counters.hits());
    properties.put("luxtensor.read-cache.miss", counters.misses());
    properties.put("luxtensor.read-cache.entries", counters.entries());
    properties.put("luxtensor.read-cache.bytes", counters.bytes());
    long memory = stats.memoryUsageBytes() < 0 ? counters.bytes() : stats.memoryUsageBytes() + counters.bytes();
    return new EngineStats(stats.diskUsageBytes(), memory, stats.cacheHitRate(), stats.pendingCompactionBytes(), properties);
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      cache.clear();
    }
  }

  /** The keys and ranges one batch or commit writes, announced to the cache together. */
  private static final class Writes implements EngineBatch.Handler {
    private final List<EngineColumnFamily> families;
    private final List<byte[]> keys;
    private final List<byte[][]> ranges = new ArrayList<>(0);
    private final List<EngineColumnFamily> rangeFamilies = new ArrayList<>(0);
    private ReadCache.AnnouncedWrites announced;

    Writes(int expected) {
      families = new ArrayList<>(expected);
      keys = new ArrayList<>(expected);
    }

    @Override
    public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
      families.add(cf);
      keys.add(key);
    }

    @Override
    public void delete(EngineColumnFamily cf, byte[] key) {
      families.add(cf);
      keys.add(key);
    }

    @Override
    public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
      rangeFamilies.add(cf);
      ranges.add(new byte[][] {from, to});
    }

    void begin(ReadCache cache) {
      announced = cache.beginWrites(families, keys);
      for (int i = 0; i < ranges.size(); i++) {
        cache.beginRange(rangeFamilies.get(i), ranges.get(i)[0], ranges.get(i)[1]);
      }
    }

    void end(ReadCache cache) {
      cache.endWrites(announced);
      for (int i = 0; i < ranges.size(); i++) {
        cache.endRange();
      }
    }
  }

  /**
   * A transaction whose reads go to the engine's transaction (its own view) and whose commit
   * announces the keys it wrote, which it keeps as copies (the caller may reuse its arrays).
   */
  private final class CachingTransaction extends ForwardingTransaction {
    private final Writes writes = new Writes(16);

    CachingTransaction(EngineTransaction transaction) {
      super(transaction);
    }

    @Override
    public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
      super.put(cf, key, value);
      writes.put(cf, key.clone(), null);
    }

    @Override
    public void delete(EngineColumnFamily cf, byte[] key) {
      super.delete(cf, key);
      writes.delete(cf, key.clone());
    }

    @Override
    public void commit() {
      writes.begin(cache);
      try {
        super.commit();
      } finally {
        writes.end(cache);
      }
    }
  }
}
