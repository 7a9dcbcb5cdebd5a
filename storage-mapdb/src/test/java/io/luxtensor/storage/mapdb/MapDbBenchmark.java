package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * The MapDB engine through the storage API against raw MapDB (a transactional file database with one
 * {@code BTreeMap}, the same node size and mmap setting) on the same machine in the same run: 16-byte
 * random keys, 100-byte values; each workload runs API and raw interleaved, alternating which goes
 * first, for several rounds, and reports the median. Every raw write commits, as every API write does.
 *
 * <p>Run: {@code java -cp <test classpath> io.luxtensor.storage.mapdb.MapDbBenchmark [entries] [rounds]}.
 * Not a test: it asserts nothing and is not run by the build.
 */
public final class MapDbBenchmark {

  private static final int KEY = 16;
  private static final int VALUE = 100;

  private MapDbBenchmark() {}

  public static void main(String[] args) throws IOException {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path root = Files.createTempDirectory("mapdb-bench");
    try {
      run(root, entries, rounds);
    } finally {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void run(Path root, int entries, int rounds) {
    SplittableRandom random = new SplittableRandom(42);
    List<byte[]> keys = new ArrayList<>(entries);
    for (int i = 0; i < entries; i++) {
      keys.add(bytes(random, KEY));
    }
    byte[] value = bytes(random, VALUE);

    StorageConfig config = StorageConfig.builder().engine("mapdb").path(root.resolve("api")).build();
    MapDbOptions options = MapDbOptions.of(config);
    try (KeyValueStore store = StorageEngines.open(config);
         DB db = DBMaker.fileDB(root.resolve("raw.db").toFile()).transactionEnable().fileMmapEnableIfSupported().make()) {
      ColumnFamily cf = store.defaultColumnFamily();
      BTreeMap<byte[], byte[]> raw = db.treeMap("raw", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
          .maxNodeSize(options.nodeSize()).createOrOpen();
      long loadStart = System.nanoTime();
      for (int from = 0; from < entries; from += 1000) {
        List<byte[]> chunk = keys.subList(from, Math.min(entries, from + 1000));
        WriteBatch batch = store.newBatch();
        chunk.forEach(k -> batch.put(cf, k, value));
        store.write(batch);
        chunk.forEach(k -> raw.put(k, value));
        db.commit();
      }
      System.out.printf("loaded %,d entries into both in %.1f s%n", entries, (System.nanoTime() - loadStart) / 1e9);

      Map<String, Workload> workloads = new java.util.LinkedHashMap<>();
      workloads.put("put, one per call (commit each)", new Workload(
          () -> timed(300, n -> { for (int i = 0; i < n; i++) { store.put(cf, bytes(random, KEY), value); } }),
          () -> timed(300, n -> { for (int i = 0; i < n; i++) { raw.put(bytes(random, KEY), value); db.commit(); } })));
      workloads.put("batch put, 1,000 per batch", new Workload(
          () -> timed(20_000, n -> {
            for (int b = 0; b < n / 1000; b++) {
              WriteBatch batch = store.newBatch();
              for (int i = 0; i < 1000; i++) {
                batch.put(cf, bytes(random, KEY), value);
              }
              store.write(batch);
            }
          }),
          () -> timed(20_000, n -> {
            for (int b = 0; b < n / 1000; b++) {
              for (int i = 0; i < 1000; i++) {
                raw.put(bytes(random, KEY), value);
              }
              db.commit();
            }
          })));
      workloads.put("synced commit of 10 puts", new Workload(
          () -> timed(100, n -> {
            for (int b = 0; b < n; b++) {
              WriteBatch batch = store.newBatch();
              for (int i = 0; i < 10; i++) {
                batch.put(cf, keys.get(random.nextInt(entries)), value);
              }
              store.write(batch, WriteOptions.SYNC);
            }
          }),
          () -> timed(100, n -> {
            for (int b = 0; b < n; b++) {
              for (int i = 0; i < 10; i++) {
                raw.put(keys.get(random.nextInt(entries)), value);
              }
              db.commit();
            }
          })));
      workloads.put("random get, hot", new Workload(
          () -> timed(200_000, n -> { for (int i = 0; i < n; i++) { sink(store.get(cf, keys.get(random.nextInt(entries)))); } }),
          () -> timed(200_000, n -> { for (int i = 0; i < n; i++) { sink(raw.get(keys.get(random.nextInt(entries)))); } })));
      workloads.put("ordered scan, entries", new Workload(
          () -> {
            long start = System.nanoTime();
            long count = 0;
            try (KvIterator it = store.iterator(cf, KeyRange.all())) {
              for (; it.isValid(); it.next()) {
                sink(it.key());
                sink(it.value());
                count++;
              }
            }
            return count * 1e9 / (System.nanoTime() - start);
          },
          () -> {
            long start = System.nanoTime();
            long count = 0;
            Iterator<Map.Entry<byte[], byte[]>> it = raw.entryIterator();
            while (it.hasNext()) {
              Map.Entry<byte[], byte[]> e = it.next();
              sink(e.getKey());
              sink(e.getValue());
              count++;
            }
            return count * 1e9 / (System.nanoTime() - start);
          }));

      System.out.println();
      System.out.println("| workload | API ops/s | raw MapDB ops/s | API / raw |");
      System.out.println("|---|---:|---:|---:|");
      for (Map.Entry<String, Workload> w : workloads.entrySet()) {
        double[] api = new double[rounds];
        double[] rawRates = new double[rounds];
        w.getValue().api.getAsDouble(); // warm-up, both sides
        w.getValue().raw.getAsDouble();
        for (int r = 0; r < rounds; r++) {
          if (r % 2 == 0) {
            api[r] = w.getValue().api.getAsDouble();
            rawRates[r] = w.getValue().raw.getAsDouble();
          } else {
            rawRates[r] = w.getValue().raw.getAsDouble();
            api[r] = w.getValue().api.getAsDouble();
          }
        }
        double a = median(api);
        double b = median(rawRates);
        System.out.printf("| %s | %,.0f | %,.0f | %.2f |%n", w.getKey(), a, b, a / b);
      }
      // Reference rows without a counterpart on the other side.
      double[] noCommit = new double[rounds];
      double[] noTxCommit = new double[rounds];
      double[] snapshots = new double[rounds];
      try (DB plain = DBMaker.fileDB(root.resolve("plain.db").toFile()).fileMmapEnableIfSupported().make()) {
        BTreeMap<byte[], byte[]> plainTree = plain.treeMap("raw", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        for (int r = 0; r < rounds; r++) {
          noCommit[r] = timed(50_000, n -> { for (int i = 0; i < n; i++) { raw.put(bytes(random, KEY), value); } });
          db.commit();
          noTxCommit[r] = timed(300, n -> { for (int i = 0; i < n; i++) { plainTree.put(bytes(random, KEY), value); plain.commit(); } });
          snapshots[r] = timed(100_000, n -> { for (int i = 0; i < n; i++) { store.snapshot().close(); } });
        }
      }
      System.out.printf("| raw put without commit (not durable, reference) | - | %,.0f | - |%n", median(noCommit));
      System.out.printf("| raw put + commit, transactions off (reference) | - | %,.0f | - |%n", median(noTxCommit));
      System.out.printf("| snapshot open + close, %,d entries (API only) | %,.0f | - | - |%n", entries, median(snapshots));
      System.out.println();
      System.out.println("metrics: " + store.metrics());
    }
  }

  /** Both sides of one workload; each call runs it once and returns operations per second. */
  private record Workload(DoubleSupplier api, DoubleSupplier raw) {}

  private interface Ops {
    void run(int n);
  }

  private static double timed(int n, Ops ops) {
    long start = System.nanoTime();
    ops.run(n);
    return n * 1e9 / (System.nanoTime() - start);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }

  private static volatile Object blackhole;

  private static void sink(Object o) {
    blackhole = o;
  }
}
