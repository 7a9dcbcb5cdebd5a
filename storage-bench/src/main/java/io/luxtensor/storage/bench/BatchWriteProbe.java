package io.luxtensor.storage.bench;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.HistogramData;
import org.rocksdb.HistogramType;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.OptionsUtil;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Where raw batch writes spend their time under the engine's options, one option changed at a time:
 * each variant opens a fresh raw database with the options RocksDB recorded for a default API store
 * (as {@link RawRocksDb} does) plus one change, writes {@code entries} random 16-byte keys with
 * 100-byte values in batches of 1,000 (asynchronous WAL), and prints entries per second with
 * RocksDB's own counters: time in {@code DB::Write}, write stalls, WAL and flush bytes. Variants run
 * interleaved, {@code rounds} times, so that a machine shared with other work loads them alike; only
 * ratios inside one run mean anything. It also prints entries per CPU-second of the writing thread,
 * which a loaded machine distorts far less than wall time (background flushes are not in it). Not a JMH benchmark: a probe that finishes in under a minute.
 *
 * <p>{@code java -cp ... io.luxtensor.storage.bench.BatchWriteProbe [entries=300000] [rounds=3]}
 */
public final class BatchWriteProbe {

  private BatchWriteProbe() {}

  /** A change to the recorded options, and whether the database opens without the transaction layer. */
  private record Variant(String name, Consumer<DBOptions> db, Consumer<ColumnFamilyOptions> cf, boolean plain) {}

  public static void main(String[] args) throws RocksDBException {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    RocksDB.loadLibrary();
    Path root = BenchData.tempDirectory("lux-batch-probe");
    try {
      Path api = root.resolve("api");
      try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(api).build())) {
        store.put(store.defaultColumnFamily(), new byte[] {1}, new byte[] {1});
      }
      List<Variant> variants = List.of(
          new Variant("engine options", db -> { }, cf -> { }, false),
          new Variant("compression none", db -> { }, cf -> cf.setCompressionType(CompressionType.NO_COMPRESSION), false),
          new Variant("pipelined write", db -> db.setEnablePipelinedWrite(true), cf -> { }, false),
          new Variant("4 write buffers", db -> { }, cf -> cf.setMaxWriteBufferNumber(4), false),
          new Variant("plain DB (no transaction layer)", db -> { }, cf -> { }, true));
      byte[] value = BenchData.value(7);
      Map<String, List<String>> results = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (Variant variant : variants) {
          Path directory = root.resolve("v" + round + "-" + results.size() + "-" + variant.name().hashCode());
          results.computeIfAbsent(variant.name(), n -> new ArrayList<>()).add(run(api, directory, variant, entries, value));
          BenchData.deleteRecursively(directory);
        }
      }
      results.forEach((name, lines) -> {
        System.out.println(name);
        lines.forEach(line -> System.out.println("  " + line));
      });
    } finally {
      BenchData.deleteRecursively(root);
    }
  }

  private static String run(Path api, Path directory, Variant variant, int entries, byte[] value) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (ConfigOptions config = new ConfigOptions(); DBOptions options = new DBOptions(); Statistics statistics = new Statistics();
        WriteOptions async = new WriteOptions()) {
      OptionsUtil.loadLatestOptions(config, api.toString(), options, descriptors);
      options.setStatistics(statistics).setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
      variant.db().accept(options);
      for (ColumnFamilyDescriptor descriptor : descriptors) {
        variant.cf().accept(descriptor.getOptions());
      }
      RocksDB db = variant.plain()
          ? RocksDB.open(options, directory.toString(), descriptors, handles)
          : OptimisticTransactionDB.open(options, directory.toString(), descriptors, handles);
      SplittableRandom random = new SplittableRandom(11);
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long startCpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      try {
        for (int written = 0; written < entries; written += 1000) {
          try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < 1000; i++) {
              byte[] key = new byte[BenchData.KEY_SIZE];
              random.nextBytes(key);
              batch.put(key, value);
            }
            db.write(async, batch);
          }
        }
        long nanos = System.nanoTime() - start;
        long cpuNanos = threads.getCurrentThreadCpuTime() - startCpu;
        HistogramData write = statistics.getHistogramData(HistogramType.DB_WRITE);
        return String.format("%,9.0f entries/s | %,9.0f entries per CPU-second of the writing thread | DB::Write avg %.0f us p99 %.0f us | stall %,d us | wal %,d KB | flush %,d KB",
            entries * 1e9 / nanos, entries * 1e9 / cpuNanos, write.getAverage(), write.getPercentile99(),
            statistics.getTickerCount(TickerType.STALL_MICROS), statistics.getTickerCount(TickerType.WAL_FILE_BYTES) >> 10,
            statistics.getTickerCount(TickerType.FLUSH_WRITE_BYTES) >> 10);
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        descriptors.forEach(d -> d.getOptions().close());
      }
    }
  }
}
