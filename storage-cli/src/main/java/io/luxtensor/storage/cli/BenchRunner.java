package io.luxtensor.storage.cli;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs the {@link BenchWorkload}s on one engine, in a fresh directory, with the default config
 * (64 MiB cache). Each workload runs {@code entries} operations or until {@code seconds} have passed,
 * whichever comes first, and reports operations per second over its own wall time. Keys are 16 bytes
 * (8-byte group, 8-byte index: {@link BenchWorkload#PREFIX_GROUP} keys per group) and values 100 bytes,
 * 32 of them random and 68 repetitive, as hashes and padded integers are in chain data. The reads
 * run on the keys the sequential writes wrote. Uncached reads reopen the store with a cache of a
 * twentieth of the data (the operating system's page cache still holds the files: those reads miss
 * the engine's cache, not the disk). Not thread-safe; single-threaded by design, as the targets are
 * per thread.
 */
final class BenchRunner {

  private static final int KEY = 16;
  private static final int VALUE = 100;

  private final String engine;
  private final Path dir;
  private final long entries;
  private final long nanosPerWorkload;
  private final Progress bar;
  private final SplittableRandom random = new SplittableRandom(42);
  private final Map<BenchWorkload, Double> results = new EnumMap<>(BenchWorkload.class);
  private final Map<BenchWorkload, String> notes = new EnumMap<>(BenchWorkload.class);
  private long loaded;
  private long userBytes;
  private long count;

  BenchRunner(String engine, Path dir, long entries, double seconds, Progress bar) {
    this.engine = engine;
    this.dir = dir;
    this.entries = entries;
    this.nanosPerWorkload = (long) (seconds * 1e9);
    this.bar = bar;
  }

  BenchResult run() throws IOException {
    boolean persistent = StorageEngines.provider(engine).capabilities().contains(Capability.PERSISTENT);
    StorageConfig.Builder config = StorageConfig.builder().engine(engine);
    if (persistent) {
      config.path(dir.resolve("store"));
    }
    long osBefore = OsIo.bytesWritten();
    long raw;
    long disk;
    long compaction;
    long flushed;
    long osWritten;
    try (KeyValueStore store = StorageEngines.open(config.build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      sequentialWrites(store, cf);
      randomWrites(store, cf);
      batchWrites(store, cf);
      store.flush();
      long osAfter = OsIo.bytesWritten();
      osWritten = osBefore < 0 || osAfter < 0 ? -1 : osAfter - osBefore;
      Map<String, Long> properties = store.metrics().engineProperties();
      compaction = properties.getOrDefault("rocksdb.compact.write.bytes", -1L);
      flushed = properties.getOrDefault("rocksdb.flush.write.bytes", -1L);
      if (!persistent) {
        cachedReads(store, cf); // nothing to reopen: the memory engine has no cache to miss
        notes.put(BenchWorkload.UNCACHED_READS, "no files: every read is in memory");
      }
      raw = rawBytes(store, cf);
      if (!persistent) {
        scans(store, cf);
        prefixes(store, cf);
      }
    }
    // measured closed: what the store keeps, without what an engine holds beside it only while open (MapDB's journal)
    disk = persistent ? Stores.sizeOnDisk(dir.resolve("store")) : -1;
    if (persistent) {
      try (KeyValueStore store = StorageEngines.open(config.build())) {
        cachedReads(store, store.defaultColumnFamily());
        scans(store, store.defaultColumnFamily());
        prefixes(store, store.defaultColumnFamily());
      }
      long smallCache = Math.max(64 * 1024, raw / 20);
      try (KeyValueStore store = StorageEngines.open(config.cacheSizeBytes(smallCache).build())) {
        uncachedReads(store, store.defaultColumnFamily(), smallCache);
      }
    }
    syncedCommits(persistent);
    return new BenchResult(engine, results, notes, count, raw, disk, userBytes, osWritten, compaction, flushed);
  }

  private void sequentialWrites(KeyValueStore store, ColumnFamily cf) {
    long start = System.nanoTime();
    long i = 0;
    for (; i < entries && !expired(start, i); i++) {
      store.put(cf, key(i), value(i));
    }
    loaded = i;
    userBytes += i * (KEY + VALUE);
    finish(BenchWorkload.SEQUENTIAL_WRITES, i, start);
  }

  private void randomWrites(KeyValueStore store, ColumnFamily cf) {
    long start = System.nanoTime();
    long i = 0;
    for (; i < entries && !expired(start, i); i++) {
      long k = entries + random.nextLong(entries); // fresh keys above the sequential ones, in random order
      store.put(cf, key(k), value(k));
    }
    userBytes += i * (KEY + VALUE);
    finish(BenchWorkload.RANDOM_WRITES, i, start);
  }

  private void batchWrites(KeyValueStore store, ColumnFamily cf) {
    long start = System.nanoTime();
    long i = 0;
    WriteBatch batch = store.newBatch();
    while (i < entries && !expired(start, i)) {
      for (int b = 0; b < BenchWorkload.BATCH_SIZE; b++, i++) {
        long k = 2 * entries + i;
        batch.put(cf, key(k), value(k));
      }
      store.write(batch);
      batch.clear();
    }
    userBytes += i * (KEY + VALUE);
    finish(BenchWorkload.BATCH_WRITES, i, start);
  }

  private void syncedCommits(boolean persistent) {
    StorageConfig.Builder config = StorageConfig.builder().engine(engine).syncWrites(true);
    if (persistent) {
      config.path(dir.resolve("synced"));
    }
    try (KeyValueStore store = StorageEngines.open(config.build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      boolean transactions = store.engine().supports(Capability.TRANSACTIONS);
      if (!transactions) {
        notes.put(BenchWorkload.SYNCED_COMMITS, "no transactions: a synced batch of one put each");
      }
      long start = System.nanoTime();
      long i = 0;
      for (; i < entries && !expired(start, i); i++) {
        if (transactions) {
          try (Transaction tx = store.beginTransaction()) {
            tx.put(cf, key(i), value(i));
            tx.commit();
          }
        } else {
          store.write(store.newBatch().put(cf, key(i), value(i)), WriteOptions.SYNC);
        }
      }
      finish(BenchWorkload.SYNCED_COMMITS, i, start);
    }
  }

  private void cachedReads(KeyValueStore store, ColumnFamily cf) {
    try (KvIterator it = store.iterator(cf, KeyRange.all())) { // warm the cache: one pass over the data
      for (; it.isValid(); it.next()) {
        it.value();
      }
    }
    reads(store, cf, BenchWorkload.CACHED_READS);
  }

  private void uncachedReads(KeyValueStore store, ColumnFamily cf, long cacheBytes) {
    notes.put(BenchWorkload.UNCACHED_READS, "lmdb".equals(engine)
        ? "LMDB has no cache of its own: reads go through the OS page cache"
        : "engine cache " + cacheBytes / 1024 + " KiB, 1/20 of the data; the OS page cache holds the files");
    reads(store, cf, BenchWorkload.UNCACHED_READS);
  }

  private void reads(KeyValueStore store, ColumnFamily cf, BenchWorkload workload) {
    long start = System.nanoTime();
    long i = 0;
    for (; i < entries && !expired(start, i); i++) {
      if (store.get(cf, key(random.nextLong(loaded))) == null) {
        throw new IllegalStateException("bench: a key written by the sequential writes is missing");
      }
    }
    finish(workload, i, start);
  }

  private void scans(KeyValueStore store, ColumnFamily cf) {
    long start = System.nanoTime();
    long i = 0;
    for (; i < entries / BenchWorkload.SCAN_LENGTH + 1 && !expired(start, i); i++) {
      try (KvIterator it = store.iterator(cf, KeyRange.atLeast(key(random.nextLong(loaded))))) {
        for (int n = 0; n < BenchWorkload.SCAN_LENGTH && it.isValid(); n++, it.next()) {
          it.value();
        }
      }
    }
    finish(BenchWorkload.RANGE_SCANS, i, start);
  }

  private void prefixes(KeyValueStore store, ColumnFamily cf) {
    long start = System.nanoTime();
    long i = 0;
    byte[] prefix = new byte[8];
    for (; i < entries / BenchWorkload.PREFIX_GROUP + 1 && !expired(start, i); i++) {
      System.arraycopy(key(random.nextLong(loaded)), 0, prefix, 0, 8);
      try (KvIterator it = store.iterator(cf, KeyRange.prefix(prefix))) {
        for (; it.isValid(); it.next()) {
          it.value();
        }
      }
    }
    finish(BenchWorkload.PREFIX_ITERATION, i, start);
  }

  private long rawBytes(KeyValueStore store, ColumnFamily cf) {
    long bytes = 0;
    long n = 0;
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      for (; it.isValid(); it.next(), n++) {
        bytes += it.key().length + it.value().length;
      }
    }
    count = n;
    return bytes;
  }

  private boolean expired(long start, long i) {
    return (i & 0xff) == 0 && System.nanoTime() - start > nanosPerWorkload;
  }

  private void finish(BenchWorkload workload, long ops, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    results.put(workload, ops / Math.max(seconds, 1e-9));
    bar.step(1);
  }

  /** Group {@code i / 4} then index {@code i % 4}, both big-endian: keys sort as {@code i} does. */
  static byte[] key(long i) {
    byte[] k = new byte[KEY];
    long group = i / BenchWorkload.PREFIX_GROUP;
    long index = i % BenchWorkload.PREFIX_GROUP;
    for (int b = 0; b < 8; b++) {
      k[b] = (byte) (group >>> (56 - 8 * b));
      k[8 + b] = (byte) (index >>> (56 - 8 * b));
    }
    return k;
  }

  /** 32 bytes that look random, then 68 of text that repeats as balances and nonces do. */
  static byte[] value(long i) {
    byte[] v = new byte[VALUE];
    SplittableRandom r = new SplittableRandom(i);
    for (int b = 0; b < 32; b += 8) {
      long x = r.nextLong();
      for (int j = 0; j < 8; j++) {
        v[b + j] = (byte) (x >>> (8 * j));
      }
    }
    byte[] text = String.format("nonce=%010d;balance=%020d;code=0000000000000000000000", i % 1000, i)
        .getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, v, 32, Math.min(text.length, VALUE - 32));
    return v;
  }

  /** A fresh working directory for one engine under {@code parent}. */
  static Path workDir(Path parent, String engine) throws IOException {
    Files.createDirectories(parent);
    return Files.createTempDirectory(parent, "luxdb-bench-" + engine + "-");
  }
}
