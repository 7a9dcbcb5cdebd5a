package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A first measurement of the storage API on RocksDB against raw rocksdbjni with the same tuning, on
 * the same data, in the same JVM: put (one per call), batch put (1,000 per batch), hot random get and
 * full range scan, 16-byte keys and 100-byte values. The machine is noisy, so the two sides run
 * interleaved chunk by chunk (alternating which goes first) for several rounds and the medians are
 * compared. By default the raw side runs on the store's own native database, so the ratio is the cost
 * of the API layer alone; with {@code separate} it runs on its own database with the same tuning and
 * without the engine's Statistics. Not a test; run it by hand:
 *
 * <pre>{@code
 * java -cp <test classpath> io.luxtensor.storage.rocksdb.RocksDbApiVsRawBenchmark [entries] [rounds] [same|separate]
 * }</pre>
 */
public final class RocksDbApiVsRawBenchmark {

  private static final int VALUE_SIZE = 100;
  private static final long CACHE = 256L << 20;
  private static volatile long sink;

  private interface Side {
    void put(byte[] key, byte[] value) throws Exception;

    void batch(byte[][] keys, int from, int to, byte[] value) throws Exception;

    byte[] get(byte[] key) throws Exception;

    long scan() throws Exception;
  }

  /** The rocksdb provider, keeping the engine it opened so the raw side can reach its database. */
  private static final class CapturingProvider implements StorageEngineProvider {
    private final RocksDbEngineProvider rocksdb = new RocksDbEngineProvider();
    private RocksDbEngine opened;

    @Override
    public String name() {
      return rocksdb.name();
    }

    @Override
    public int priority() {
      return rocksdb.priority();
    }

    @Override
    public Set<Capability> capabilities() {
      return rocksdb.capabilities();
    }

    @Override
    public int maxKeySize() {
      return rocksdb.maxKeySize();
    }

    @Override
    public StorageEngine open(StorageConfig config) {
      opened = (RocksDbEngine) rocksdb.open(config);
      return opened;
    }
  }

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    boolean separateRaw = args.length > 2 && args[2].equals("separate");
    Path root = Files.createTempDirectory("rocksdb-bench-");
    RocksDB.loadLibrary();
    byte[][] keys = keys(entries);
    byte[] value = new byte[VALUE_SIZE];
    new SplittableRandom(1).nextBytes(value);
    int[] order = new SplittableRandom(2).ints(entries, 0, entries).toArray();

    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(root.resolve("api")).cacheSizeBytes(CACHE).build();
    CapturingProvider provider = new CapturingProvider();
    try (KeyValueStore store = StorageEngines.open(provider, config);
        LRUCache cache = new LRUCache(CACHE);
        BloomFilter bloom = new BloomFilter(config.bloomBitsPerKey(), false);
        Options options = rawOptions(config, cache, bloom);
        RocksDB separate = separateRaw ? RocksDB.open(options, root.resolve("raw").toString()) : null;
        WriteOptions async = new WriteOptions()) {
      // By default the raw side works on the very database behind the store (same files, same
      // options, same Statistics), so the ratio isolates what the API layer costs.
      RocksDB raw = separateRaw ? separate : provider.opened.db();
      Side api = apiSide(store);
      Side rocks = rawSide(raw, async);
      for (Side side : separateRaw ? List.of(api, rocks) : List.of(api)) {
        for (int i = 0; i < entries; i += 1000) {
          side.batch(keys, i, Math.min(entries, i + 1000), value);
        }
      }
      store.flush();
      if (separateRaw) {
        try (org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
          raw.flush(flush);
        }
      }

      String[] ops = {"put (1 per call)", "batch put (1,000 per batch)", "random get (hot)", "range scan (entries)"};
      double[][][] results = new double[ops.length][2][rounds];
      for (int round = -1; round < rounds; round++) { // round -1 warms up and is discarded
        for (int op = 0; op < ops.length; op++) {
          double[] rates = measureInterleaved(op, api, rocks, keys, value, order, entries);
          if (round >= 0) {
            results[op][0][round] = rates[0];
            results[op][1][round] = rates[1];
          }
        }
      }
      printTable(ops, results, entries, rounds, separateRaw);
    } finally {
      deleteRecursively(root);
    }
  }

  /**
   * Runs {@code op} in chunks, alternating the two sides chunk by chunk (and which goes first), so
   * that both meet the same background noise; returns ops/s of the API side and of the raw side.
   */
  private static double[] measureInterleaved(int op, Side api, Side raw, byte[][] keys, byte[] value, int[] order,
      int entries) throws Exception {
    int chunks = op == 3 ? 4 : 10;
    int chunk = op == 3 ? entries : entries / chunks;
    long[] nanos = new long[2];
    long[] counts = new long[2];
    for (int c = 0; c < chunks; c++) {
      for (int turn = 0; turn < 2; turn++) {
        int sideIndex = (c + turn) % 2;
        Side side = sideIndex == 0 ? api : raw;
        int from = op == 3 ? 0 : c * chunk;
        long start = System.nanoTime();
        counts[sideIndex] += run(op, side, keys, value, order, from, from + chunk);
        nanos[sideIndex] += System.nanoTime() - start;
      }
    }
    return new double[] {counts[0] / (nanos[0] / 1e9), counts[1] / (nanos[1] / 1e9)};
  }

  private static long run(int op, Side side, byte[][] keys, byte[] value, int[] order, int from, int to) throws Exception {
    switch (op) {
      case 0 -> {
        int puts = Math.max(1, (to - from) / 3); // puts are slow; a third of a chunk keeps rounds short
        for (int i = from; i < from + puts; i++) {
          side.put(keys[order[i]], value);
        }
        return puts;
      }
      case 1 -> {
        for (int i = from; i < to; i += 1000) {
          side.batch(keys, i, Math.min(to, i + 1000), value);
        }
        return to - from;
      }
      case 2 -> {
        long found = 0;
        for (int i = from; i < to; i++) {
          found += side.get(keys[order[i]]).length;
        }
        sink += found;
        return to - from;
      }
      default -> {
        return side.scan();
      }
    }
  }

  private static Side apiSide(KeyValueStore store) {
    ColumnFamily cf = store.defaultColumnFamily();
    return new Side() {
      @Override
      public void put(byte[] key, byte[] value) {
        store.put(cf, key, value);
      }

      @Override
      public void batch(byte[][] keys, int from, int to, byte[] value) {
        WriteBatch batch = store.newBatch();
        for (int i = from; i < to; i++) {
          batch.put(cf, keys[i], value);
        }
        store.write(batch);
      }

      @Override
      public byte[] get(byte[] key) {
        return store.get(cf, key);
      }

      @Override
      public long scan() {
        long n = 0;
        long bytes = 0;
        try (KvIterator it = store.iterator(cf, KeyRange.all())) {
          for (; it.isValid(); it.next()) {
            bytes += it.key().length + it.value().length;
            n++;
          }
        }
        sink += bytes;
        return n;
      }
    };
  }

  private static Side rawSide(RocksDB db, WriteOptions async) {
    return new Side() {
      @Override
      public void put(byte[] key, byte[] value) throws RocksDBException {
        db.put(async, key, value);
      }

      @Override
      public void batch(byte[][] keys, int from, int to, byte[] value) throws RocksDBException {
        try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
          for (int i = from; i < to; i++) {
            batch.put(keys[i], value);
          }
          db.write(async, batch);
        }
      }

      @Override
      public byte[] get(byte[] key) throws RocksDBException {
        return db.get(key);
      }

      @Override
      public long scan() {
        long n = 0;
        long bytes = 0;
        try (RocksIterator it = db.newIterator()) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            bytes += it.key().length + it.value().length;
            n++;
          }
        }
        sink += bytes;
        return n;
      }
    };
  }

  /** The same tuning the engine derives from {@code config}, set by hand as a rocksdbjni user would. */
  private static Options rawOptions(StorageConfig config, LRUCache cache, BloomFilter bloom) {
    BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache).setBlockSize(config.blockSizeBytes())
        .setFilterPolicy(bloom).setCacheIndexAndFilterBlocks(true).setPinL0FilterAndIndexBlocksInCache(true);
    return new Options().setCreateIfMissing(true).setTableFormatConfig(table)
        .setWriteBufferSize(config.writeBufferSizeBytes()).setMaxOpenFiles(config.maxOpenFiles())
        .setCompressionType(CompressionType.LZ4_COMPRESSION).setMaxBackgroundJobs(2).setBytesPerSync(1 << 20);
  }

  /** 16-byte keys: a 64-bit mix of the index (random order), then the index itself (unique). */
  private static byte[][] keys(int n) {
    byte[][] keys = new byte[n][];
    for (int i = 0; i < n; i++) {
      long mixed = i * 0x9E3779B97F4A7C15L;
      mixed ^= mixed >>> 31;
      byte[] key = new byte[16];
      for (int b = 0; b < 8; b++) {
        key[b] = (byte) (mixed >>> (56 - 8 * b));
        key[8 + b] = (byte) ((long) i >>> (56 - 8 * b));
      }
      keys[i] = key;
    }
    return keys;
  }

  private static void printTable(String[] ops, double[][][] results, int entries, int rounds, boolean separateRaw) {
    System.out.printf(Locale.ROOT, "%d entries, 16-byte keys, %d-byte values, %d interleaved rounds (median ops/s), raw side: %s%n%n",
        entries, VALUE_SIZE, rounds, separateRaw ? "separate RocksDB, same tuning, no Statistics" : "the store's own RocksDB instance");
    System.out.println("| operation | API ops/s | raw rocksdbjni ops/s | API/raw (median) | API/raw per round |");
    System.out.println("|---|---:|---:|---:|---|");
    for (int op = 0; op < ops.length; op++) {
      double api = median(results[op][0]);
      double raw = median(results[op][1]);
      List<String> perRound = new ArrayList<>();
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratios[r] = results[op][0][r] / results[op][1][r];
        perRound.add(String.format(Locale.ROOT, "%.2f", ratios[r]));
      }
      System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %s |%n", ops[op], api, raw, median(ratios),
          String.join(" ", perRound));
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
