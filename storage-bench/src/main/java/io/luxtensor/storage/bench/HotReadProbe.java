package io.luxtensor.storage.bench;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import org.rocksdb.RocksDBException;

/**
 * Hot random gets of {@link RocksDbBenchmark#HOT_ENTRIES} keys through the API with and without the
 * read cache ({@code rocksdb.read_cache_bytes}, 64 MiB) and through raw rocksdbjni, reported per
 * wall second and per CPU-second of the reading thread: on a machine shared with other work the CPU
 * figure is what one free core would do, and far steadier than wall time. The three run interleaved,
 * {@code rounds} times. Not a JMH benchmark: a probe that finishes in under a minute.
 *
 * <p>{@code java -cp ... io.luxtensor.storage.bench.HotReadProbe [gets=2000000] [rounds=3]}
 */
public final class HotReadProbe {

  private HotReadProbe() {}

  @FunctionalInterface
  private interface Get {
    byte[] get(byte[] key) throws RocksDBException;
  }

  public static void main(String[] args) throws RocksDBException {
    int gets = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path root = BenchData.tempDirectory("lux-hot-probe");
    byte[][] keys = BenchData.orderedKeys(RocksDbBenchmark.HOT_ENTRIES, 3);
    int[] order = BenchData.randomOrder(1 << 20, RocksDbBenchmark.HOT_ENTRIES, 5);
    StorageConfig plain = StorageConfig.builder().engine("rocksdb").path(root.resolve("plain"))
        .option("rocksdb.read_cache_bytes", "0").build();
    StorageConfig cached = StorageConfig.builder().engine("rocksdb").path(root.resolve("cached"))
        .option("rocksdb.read_cache_bytes", Long.toString(64L << 20)).build();
    try (KeyValueStore uncachedStore = StorageEngines.open(plain); KeyValueStore cachedStore = StorageEngines.open(cached);
        RocksDbTableTuning tuning = new RocksDbTableTuning(plain)) {
      ColumnFamily uncachedCf = uncachedStore.defaultColumnFamily();
      ColumnFamily cachedCf = cachedStore.defaultColumnFamily();
      RocksDbBenchmark.load(uncachedStore, uncachedCf, keys);
      RocksDbBenchmark.load(cachedStore, cachedCf, keys);
      try (RawRocksDb raw = RawRocksDb.openLike(root.resolve("plain"), root.resolve("raw"), false, tuning)) {
        raw.load(keys, RocksDbBenchmark.VALUE);
        for (int round = 0; round < rounds; round++) {
          System.out.println("round " + (round + 1));
          measure("API, read cache 64 MiB", key -> cachedStore.get(cachedCf, key), keys, order, gets);
          measure("API, block cache only", key -> uncachedStore.get(uncachedCf, key), keys, order, gets);
          measure("raw rocksdbjni get", key -> raw.db.get(raw.reads, key), keys, order, gets);
        }
        System.out.println("read cache after the runs: " + cachedStore.metrics().engineProperties().entrySet().stream()
            .filter(e -> e.getKey().startsWith("luxtensor.read-cache")).toList());
      }
    } finally {
      BenchData.deleteRecursively(root);
    }
  }

  private static void measure(String name, Get get, byte[][] keys, int[] order, int gets) throws RocksDBException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (byte[] key : keys) {
      get.get(key); // every key read once: hot in every cache before the timed reads
    }
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long found = 0;
    for (int i = 0; i < gets; i++) {
      if (get.get(keys[order[i & (order.length - 1)]]) != null) {
        found++;
      }
    }
    long nanos = System.nanoTime() - start;
    long cpuNanos = threads.getCurrentThreadCpuTime() - cpu;
    if (found != gets) {
      throw new IllegalStateException(name + ": " + (gets - found) + " hot keys not found");
    }
    System.out.printf("  %-24s %,11.0f gets/s  %,11.0f gets per CPU-second%n", name, gets * 1e9 / nanos, gets * 1e9 / cpuNanos);
  }
}
