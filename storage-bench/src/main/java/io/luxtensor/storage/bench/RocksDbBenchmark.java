package io.luxtensor.storage.bench;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * RocksDB through the API ({@code *_api}) and through raw rocksdbjni ({@code *_raw}) on a database
 * opened with the API store's own OPTIONS file ({@link RawRocksDb}), so that both run the same
 * tuning; JMH runs the two methods of one operation one after the other. Each score is operations
 * (entries for batches, scans and prefix iterations) per second, one thread. Besides the API/raw
 * pairs, the specification's workloads: sequential and random single writes, synced transaction
 * commits, reads of a data set larger than an 8 MiB block cache under each index/filter tuning, and
 * hot reads through RocksDB's row cache, a {@code multiGet} of 100 keys and the API's read cache, and
 * the first reads after an open with and without {@code warm}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RocksDbBenchmark {

  static final int HOT_ENTRIES = 100_000;
  static final int COLD_ENTRIES = 1_000_000;
  static final int BATCH = 1_000;
  static final int PREFIX_LENGTH = 7; // 256 consecutive keys share their first 7 bytes
  static final int PREFIX_ENTRIES = 256;
  static final int MULTI_GET = 100;
  static final int WARMED_ENTRIES = 350_000;
  static final int COLD_READS = 20_000;
  static final byte[] VALUE = BenchData.value(7);

  /**
   * A store through the API and a raw database with the same options, both empty: for writes;
   * {@code cache} is {@code default} (the API read cache on, as a store opens by default: every
   * written key is announced to it) or {@code off}.
   */
  @State(Scope.Benchmark)
  public static class Writes {
    @Param({"default"})
    public String cache;

    KeyValueStore store;
    ColumnFamily cf;
    RawRocksDb raw;
    Path root;
    final SplittableRandom random = new SplittableRandom(11);
    long apiSequence;
    long rawSequence;

    @Setup(Level.Trial)
    public void open() {
      root = BenchData.tempDirectory("lux-bench-rocks-w");
      StorageConfig.Builder builder = StorageConfig.builder().engine("rocksdb").path(root.resolve("api")).syncWrites(synced());
      switch (cache) {
        case "default" -> { }
        case "off" -> builder.option("rocksdb.read_cache_bytes", "0");
        default -> throw new IllegalArgumentException("cache must be default or off, was " + cache);
      }
      StorageConfig config = builder.build();
      store = StorageEngines.open(config);
      cf = store.defaultColumnFamily();
      raw = RawRocksDb.openLike(root.resolve("api"), root.resolve("raw"), synced(), new RocksDbTableTuning(config));
    }

    /** Whether writes and commits fsync the write-ahead log before returning. */
    boolean synced() {
      return false;
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
      raw.close();
      BenchData.deleteRecursively(root);
    }

    byte[] randomKey() {
      byte[] key = new byte[BenchData.KEY_SIZE];
      random.nextBytes(key);
      return key;
    }
  }

  /** The same as {@link Writes} with {@code syncWrites}: every commit fsyncs its write-ahead log record. */
  @State(Scope.Benchmark)
  public static class SyncedWrites extends Writes {
    @Override
    boolean synced() {
      return true;
    }
  }

  /**
   * {@link #HOT_ENTRIES} entries (12 MiB, inside the default 64 MiB block cache) in both a store and a
   * raw database; {@code cache} picks what sits in front of the block cache: {@code default} the
   * store as it opens by default (the API read cache, 32 MiB), {@code off} nothing
   * ({@code rocksdb.read_cache_bytes=0}), {@code row} RocksDB's row cache (64 MiB) instead.
   */
  @State(Scope.Benchmark)
  public static class Hot {
    @Param({"default"})
    public String cache;

    KeyValueStore store;
    ColumnFamily cf;
    RawRocksDb raw;
    Path root;
    byte[][] keys;
    int[] order;
    int next;

    @Setup(Level.Trial)
    public void open() {
      root = BenchData.tempDirectory("lux-bench-rocks-h");
      StorageConfig.Builder config = StorageConfig.builder().engine("rocksdb").path(root.resolve("api"));
      switch (cache) {
        case "default" -> { }
        case "off" -> config.option("rocksdb.read_cache_bytes", "0");
        case "row" -> config.option("rocksdb.row_cache_bytes", Long.toString(64L << 20)).option("rocksdb.read_cache_bytes", "0");
        default -> throw new IllegalArgumentException("cache must be default, off or row, was " + cache);
      }
      StorageConfig built = config.build();
      store = StorageEngines.open(built);
      cf = store.defaultColumnFamily();
      keys = BenchData.orderedKeys(HOT_ENTRIES, 3);
      order = BenchData.randomOrder(1 << 20, HOT_ENTRIES, 5);
      load(store, cf, keys);
      raw = RawRocksDb.openLike(root.resolve("api"), root.resolve("raw"), false, new RocksDbTableTuning(built));
      raw.load(keys, VALUE);
      // Every key read once on both sides, so "hot" means in every cache from the first measured read.
      try {
        for (byte[] key : keys) {
          store.get(cf, key);
          raw.db.get(raw.reads, key);
        }
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
      raw.close();
      BenchData.deleteRecursively(root);
    }

    byte[] nextKey() {
      return keys[order[next++ & (order.length - 1)]];
    }

    /** The first key of a random full group of {@link #PREFIX_ENTRIES} keys, cut to the prefix. */
    byte[] nextPrefix() {
      int groups = HOT_ENTRIES / PREFIX_ENTRIES;
      return Arrays.copyOf(keys[(order[next++ & (order.length - 1)] % groups) * PREFIX_ENTRIES], PREFIX_LENGTH);
    }
  }

  /**
   * {@link #COLD_ENTRIES} entries (~116 MiB) under an 8 MiB block cache, compacted; {@code tuning}
   * picks: {@code default} (the store as it opens by default, with the API read cache, which random
   * reads over a million keys mostly miss), {@code uncached} (the same without the read cache: every
   * get reaches RocksDB) and, also without the read cache, how index and filter blocks are kept:
   * {@code legacy} (whole per table, in the cache, no priority: the configuration before they were
   * partitioned), {@code outside} (not in the cache at all); {@code block16k} is the default store
   * (read cache on) with the 16 KiB data blocks that were the default before 4 KiB.
   */
  @State(Scope.Benchmark)
  public static class Cold {
    @Param({"default", "uncached"})
    public String tuning;

    KeyValueStore store;
    ColumnFamily cf;
    RawRocksDb raw;
    Path root;
    byte[][] keys;
    int[] order;
    int next;

    @Setup(Level.Trial)
    public void open() {
      root = BenchData.tempDirectory("lux-bench-rocks-c");
      StorageConfig.Builder config = StorageConfig.builder().engine("rocksdb").path(root.resolve("api"))
          .cacheSizeBytes(8L << 20);
      switch (tuning) {
        case "default" -> { }
        case "uncached" -> config.option("rocksdb.read_cache_bytes", "0");
        case "legacy" -> config.option("rocksdb.read_cache_bytes", "0").option("rocksdb.partition_index_and_filters", "false")
            .option("rocksdb.high_priority_pool_ratio", "0");
        case "outside" -> config.option("rocksdb.read_cache_bytes", "0").option("rocksdb.cache_index_and_filter_blocks", "false")
            .option("rocksdb.partition_index_and_filters", "false");
        case "block16k" -> config.blockSizeBytes(16 * 1024);
        default -> throw new IllegalArgumentException("tuning must be default, uncached, legacy, outside or block16k, was "
            + tuning);
      }
      StorageConfig built = config.build();
      store = StorageEngines.open(built);
      cf = store.defaultColumnFamily();
      keys = BenchData.orderedKeys(COLD_ENTRIES, 13);
      order = BenchData.randomOrder(1 << 22, COLD_ENTRIES, 17);
      load(store, cf, keys);
      store.compact(cf, KeyRange.all());
      raw = RawRocksDb.openLike(root.resolve("api"), root.resolve("raw"), false, new RocksDbTableTuning(built));
      raw.load(keys, VALUE);
      raw.compact();
    }

    @TearDown(Level.Trial)
    public void close() {
      // The cache counters say why a tuning is slow: index and filter misses per lookup.
      System.out.println();
      System.out.println("[cold " + tuning + " api] " + CacheCounters.of(store.metrics().engineProperties()));
      System.out.println("[cold " + tuning + " raw] " + raw.cacheCounters());
      store.close();
      raw.close();
      BenchData.deleteRecursively(root);
    }

    byte[] nextKey() {
      return keys[order[next++ & (order.length - 1)]];
    }
  }

  /**
   * {@link #WARMED_ENTRIES} entries (~40 MiB of tables, uncompressible values) under a 64 MiB block
   * cache that holds them all, compacted and closed once; every measured iteration reopens the store,
   * so its block cache starts empty (the operating system's page cache does not: this measures the
   * block cache, not the disk), and with {@code warmed=true} calls {@code warm} on the whole family
   * before the iteration's reads. Each iteration reads {@link #COLD_READS} random keys once.
   */
  @State(Scope.Benchmark)
  public static class ColdWarmed {
    @Param({"false", "true"})
    public boolean warmed;

    StorageConfig config;
    KeyValueStore store;
    ColumnFamily cf;
    Path root;
    byte[][] keys;
    int[] order;
    int next;

    @Setup(Level.Trial)
    public void load() {
      root = BenchData.tempDirectory("lux-bench-rocks-cw");
      config = StorageConfig.builder().engine("rocksdb").path(root.resolve("api")).cacheSizeBytes(64L << 20).build();
      keys = BenchData.orderedKeys(WARMED_ENTRIES, 19);
      order = BenchData.randomOrder(1 << 22, WARMED_ENTRIES, 23);
      try (KeyValueStore loading = StorageEngines.open(config)) {
        RocksDbBenchmark.load(loading, loading.defaultColumnFamily(), keys);
        loading.compact(loading.defaultColumnFamily(), KeyRange.all());
      }
    }

    @Setup(Level.Iteration)
    public void reopen() {
      store = StorageEngines.open(config);
      cf = store.defaultColumnFamily();
      if (warmed) {
        long start = System.nanoTime();
        long entries = store.warm(cf, KeyRange.all());
        System.out.printf("[warm] %d entries in %d ms%n", entries, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
    }

    @TearDown(Level.Iteration)
    public void close() {
      System.out.println("[cold-warmed " + warmed + "] " + CacheCounters.of(store.metrics().engineProperties()));
      store.close();
    }

    @TearDown(Level.Trial)
    public void delete() {
      BenchData.deleteRecursively(root);
    }

    byte[] nextKey() {
      return keys[order[next++ & (order.length - 1)]];
    }
  }

  static void load(KeyValueStore store, ColumnFamily cf, byte[][] keys) {
    WriteBatch batch = store.newBatch();
    for (int i = 0; i < keys.length; i++) {
      batch.put(cf, keys[i], VALUE);
      if (batch.size() == BATCH || i == keys.length - 1) {
        store.write(batch);
        batch.clear();
      }
    }
    store.flush();
  }

  // ---- put, one per call -------------------------------------------------------------------

  @Benchmark
  public void put_api(Writes w) {
    w.store.put(w.cf, w.randomKey(), VALUE);
  }

  @Benchmark
  public void put_raw(Writes w) throws RocksDBException {
    w.raw.db.put(w.raw.async, w.randomKey(), VALUE);
  }

  /** Sequential keys (big-endian counter): the specification's sequential-write workload. */
  @Benchmark
  public void putSequential_api(Writes w) {
    w.store.put(w.cf, ByteBuffer.allocate(BenchData.KEY_SIZE).putLong(w.apiSequence++).array(), VALUE);
  }

  @Benchmark
  public void putSequential_raw(Writes w) throws RocksDBException {
    w.raw.db.put(w.raw.async, ByteBuffer.allocate(BenchData.KEY_SIZE).putLong(w.rawSequence++).array(), VALUE);
  }

  // ---- batch of 1,000 ----------------------------------------------------------------------

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batch_api(Writes w) {
    WriteBatch batch = w.store.newBatch();
    for (int i = 0; i < BATCH; i++) {
      batch.put(w.cf, w.randomKey(), VALUE);
    }
    w.store.write(batch);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batch_raw(Writes w) throws RocksDBException {
    try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
      for (int i = 0; i < BATCH; i++) {
        batch.put(w.randomKey(), VALUE);
      }
      w.raw.db.write(w.raw.async, batch);
    }
  }

  // ---- transaction commit --------------------------------------------------------------------

  /** A transaction of one put, committed (asynchronous WAL write). */
  @Benchmark
  public void commit_api(Writes w) {
    try (Transaction tx = w.store.beginTransaction()) {
      tx.put(w.cf, w.randomKey(), VALUE);
      tx.commit();
    }
  }

  @Benchmark
  public void commit_raw(Writes w) throws RocksDBException {
    w.raw.commitOne(w.randomKey(), VALUE);
  }

  /** A transaction of one put, committed with an fsync of the WAL: the specification's synced commits. */
  @Benchmark
  public void commitSynced_api(SyncedWrites w) {
    commit_api(w);
  }

  @Benchmark
  public void commitSynced_raw(SyncedWrites w) throws RocksDBException {
    commit_raw(w);
  }

  // ---- hot get ----------------------------------------------------------------------------------

  @Benchmark
  public byte[] getHot_api(Hot h) {
    return h.store.get(h.cf, h.nextKey());
  }

  @Benchmark
  public byte[] getHot_raw(Hot h) throws RocksDBException {
    return h.raw.db.get(h.raw.reads, h.nextKey());
  }

  /** 100 hot keys in one {@code multiGet}: one JNI crossing for all of them. */
  @Benchmark
  @OperationsPerInvocation(MULTI_GET)
  public List<byte[]> getHotMulti100_api(Hot h) {
    List<byte[]> batch = new ArrayList<>(MULTI_GET);
    for (int i = 0; i < MULTI_GET; i++) {
      batch.add(h.nextKey());
    }
    return h.store.multiGet(h.cf, batch);
  }

  @Benchmark
  @OperationsPerInvocation(MULTI_GET)
  public List<byte[]> getHotMulti100_raw(Hot h) throws RocksDBException {
    List<byte[]> batch = new ArrayList<>(MULTI_GET);
    for (int i = 0; i < MULTI_GET; i++) {
      batch.add(h.nextKey());
    }
    return h.raw.db.multiGetAsList(h.raw.reads, h.raw.families(MULTI_GET), batch);
  }

  // ---- cold get ---------------------------------------------------------------------------------

  @Benchmark
  public byte[] getCold_api(Cold c) {
    return c.store.get(c.cf, c.nextKey());
  }

  @Benchmark
  public byte[] getCold_raw(Cold c) throws RocksDBException {
    return c.raw.db.get(c.raw.reads, c.nextKey());
  }

  /**
   * The first {@link #COLD_READS} random reads after an open, with and without {@code warm} before
   * them ({@link ColdWarmed}): one shot per iteration, as the cache is warm after it; microseconds per
   * read.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(COLD_READS)
  @Warmup(iterations = 3)
  @Measurement(iterations = 5)
  public void getColdWarmed_api(ColdWarmed c, Blackhole bh) {
    for (int i = 0; i < COLD_READS; i++) {
      bh.consume(c.store.get(c.cf, c.nextKey()));
    }
  }

  // ---- ordered scan -------------------------------------------------------------------------

  @Benchmark
  @OperationsPerInvocation(HOT_ENTRIES)
  public void scan_api(Hot h, Blackhole bh) {
    try (KvIterator it = h.store.iterator(h.cf, KeyRange.all(), Direction.FORWARD)) {
      for (; it.isValid(); it.next()) {
        bh.consume(it.key());
        bh.consume(it.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(HOT_ENTRIES)
  public void scan_raw(Hot h, Blackhole bh) {
    try (RocksIterator it = h.raw.db.newIterator(h.raw.reads)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        bh.consume(it.key());
        bh.consume(it.value());
      }
    }
  }

  // ---- prefix iteration -----------------------------------------------------------------------

  @Benchmark
  @OperationsPerInvocation(PREFIX_ENTRIES)
  public void prefix_api(Hot h, Blackhole bh) {
    try (KvIterator it = h.store.iterator(h.cf, KeyRange.prefix(h.nextPrefix()), Direction.FORWARD)) {
      for (; it.isValid(); it.next()) {
        bh.consume(it.key());
        bh.consume(it.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(PREFIX_ENTRIES)
  public void prefix_raw(Hot h, Blackhole bh) {
    byte[] prefix = h.nextPrefix();
    byte[] upper = BenchData.prefixEnd(prefix);
    try (Slice bound = new Slice(upper); ReadOptions options = new ReadOptions().setIterateUpperBound(bound);
        RocksIterator it = h.raw.db.newIterator(options)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        bh.consume(it.key());
        bh.consume(it.value());
      }
    }
  }

  // ---- snapshot + get ---------------------------------------------------------------------------

  @Benchmark
  public byte[] snapshotGet_api(Hot h) {
    try (Snapshot snapshot = h.store.snapshot()) {
      return snapshot.get(h.cf, h.nextKey());
    }
  }

  @Benchmark
  public byte[] snapshotGet_raw(Hot h) throws RocksDBException {
    return h.raw.snapshotGet(h.nextKey());
  }
}
