package io.luxtensor.storage.encryption;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Encrypted against plain RocksDB through the same API, in one JVM: put (one per call, WAL without
 * fsync), hot random get and range scan (seek to a random key, read the next entries), 16-byte keys
 * and 100-byte values. The machine is noisy (shared, loaded), so the two stores run in short chunks,
 * paired and interleaved (alternating which goes first), and the median over pairs of the ratio
 * encrypted ops/s over plain ops/s is reported with its quartiles, by wall time and by the calling
 * thread's CPU time (which a loaded machine disturbs less; RocksDB does these operations on the
 * calling thread, its background flushes and compactions aside). Also the cost of the cipher alone
 * per value. Not a test; run it by hand:
 *
 * <pre>{@code
 * java -cp <test classpath> io.luxtensor.storage.encryption.EncryptionBenchmark [entries] [pairs] [chunk]
 * }</pre>
 */
public final class EncryptionBenchmark {

  private static final int VALUE_SIZE = 100;
  private static final String[] OPERATIONS = {"put", "get", "scan"};
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
  private static volatile long sink;

  private EncryptionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
    Path root = Files.createTempDirectory("crypt-bench-");
    Path keyFile = root.resolve("kek.hex");
    EncryptedStores.generateKeyFile(keyFile);
    StorageConfig.Builder tuning = StorageConfig.builder().engine("rocksdb").cacheSizeBytes(256L << 20);
    try (KeyValueStore plain = StorageEngines.open(tuning.path(root.resolve("plain")).build());
        KeyValueStore encrypted = StorageEngines.open(tuning.path(root.resolve("encrypted"))
            .option("encryption.keyFile", keyFile.toString()).build())) {
      byte[][] keys = keys(entries);
      byte[] value = new byte[VALUE_SIZE];
      new SplittableRandom(7).nextBytes(value);
      for (KeyValueStore store : new KeyValueStore[] {plain, encrypted}) {
        for (byte[] key : keys) {
          store.put(store.defaultColumnFamily(), key, value);
        }
      }
      SplittableRandom random = new SplittableRandom(11);
      System.out.printf(Locale.ROOT, "%d entries, %d pairs of %d-operation chunks, 16-byte keys, %d-byte values%n",
          entries, pairs, chunk, VALUE_SIZE);
      for (int op = 0; op < OPERATIONS.length; op++) {
        if (op == 1) {
          // The reads run on both stores compacted alike: after the puts, when each flushed its memtable
          // is chance, and a get that checks more level-0 files measures RocksDB's shape, not the cipher.
          for (KeyValueStore store : new KeyValueStore[] {plain, encrypted}) {
            store.flush();
            store.compact(store.defaultColumnFamily(), KeyRange.all());
          }
        }
        double[] ratios = new double[pairs];
        double[] cpuRatios = new double[pairs];
        double[] plainRates = new double[pairs];
        double[] plainCpuRates = new double[pairs];
        for (int pair = 0; pair < pairs; pair++) {
          long seed = random.nextLong();
          boolean plainFirst = pair % 2 == 0;
          double[] first = run(op, plainFirst ? plain : encrypted, keys, value, chunk, seed);
          double[] second = run(op, plainFirst ? encrypted : plain, keys, value, chunk, seed);
          double[] plainRate = plainFirst ? first : second;
          double[] encryptedRate = plainFirst ? second : first;
          plainRates[pair] = plainRate[0];
          plainCpuRates[pair] = plainRate[1];
          ratios[pair] = encryptedRate[0] / plainRate[0];
          cpuRatios[pair] = encryptedRate[1] / plainRate[1];
        }
        Arrays.sort(ratios);
        Arrays.sort(cpuRatios);
        System.out.printf(Locale.ROOT, "%-5s plain %,9.0f ops/s wall, %,9.0f ops/CPU-s | encrypted/plain wall %.2f"
            + " (quartiles %.2f-%.2f), CPU %.2f (quartiles %.2f-%.2f)%n", OPERATIONS[op], median(plainRates),
            median(plainCpuRates), ratios[pairs / 2], ratios[pairs / 4], ratios[3 * pairs / 4], cpuRatios[pairs / 2],
            cpuRatios[pairs / 4], cpuRatios[3 * pairs / 4]);
      }
      cipherAlone(value);
    } finally {
      deleteTree(root);
    }
  }

  /** The CPU cost of encrypting and decrypting one value, without a store. */
  private static void cipherAlone(byte[] value) {
    ValueCipher cipher = new ValueCipher(KeyRing.fresh());
    byte[] tag = ValueCipher.familyTag("default");
    byte[] key = new byte[16];
    int n = 200_000;
    for (int warm = 0; warm < 2; warm++) {
      long start = CPU.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        key[i & 15]++;
        byte[] sealed = cipher.encrypt(tag, key, value);
        sink += cipher.decrypt("default", tag, key, sealed).length;
      }
      if (warm == 1) {
        System.out.printf(Locale.ROOT, "cipher alone: encrypt + decrypt of one %d-byte value %.2f us CPU%n", value.length,
            (CPU.getCurrentThreadCpuTime() - start) / 1e3 / n);
      }
    }
  }

  /** One chunk of {@code op} on {@code store}, its keys drawn from {@code seed}; ops/s by wall and by CPU time. */
  private static double[] run(int op, KeyValueStore store, byte[][] keys, byte[] value, int chunk, long seed) {
    ColumnFamily cf = store.defaultColumnFamily();
    SplittableRandom random = new SplittableRandom(seed);
    long sum = 0;
    long start = System.nanoTime();
    long cpuStart = CPU.getCurrentThreadCpuTime();
    switch (op) {
      case 0 -> {
        for (int i = 0; i < chunk; i++) {
          store.put(cf, keys[random.nextInt(keys.length)], value);
        }
      }
      case 1 -> {
        for (int i = 0; i < chunk; i++) {
          sum += store.get(cf, keys[random.nextInt(keys.length)]).length;
        }
      }
      default -> {
        try (KvIterator it = store.iterator(cf, KeyRange.all())) {
          it.seek(keys[random.nextInt(keys.length)]);
          for (int i = 0; i < chunk; i++) {
            if (!it.isValid()) {
              it.seekToFirst();
            }
            sum += it.key().length + it.value().length;
            it.next();
          }
        }
      }
    }
    double[] rates = {chunk * 1e9 / (System.nanoTime() - start), chunk * 1e9 / (CPU.getCurrentThreadCpuTime() - cpuStart)};
    sink += sum;
    return rates;
  }

  private static byte[][] keys(int entries) {
    byte[][] keys = new byte[entries][];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < entries; i++) {
      keys[i] = new byte[16];
      random.nextBytes(keys[i]);
    }
    return keys;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
