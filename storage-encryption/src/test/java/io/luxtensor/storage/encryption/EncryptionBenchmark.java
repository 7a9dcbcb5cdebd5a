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
 * fsync), hot random get and full range scan, 16-byte keys and 100-byte values. The machine is noisy,
 * so both stores run in every round, alternating which goes first, and the median of the rounds'
 * ratios (encrypted ops/s over plain ops/s) is reported. Not a test; run it by hand:
 *
 * <pre>{@code
 * java -cp <test classpath> io.luxtensor.storage.encryption.EncryptionBenchmark [entries] [rounds]
 * }</pre>
 */
public final class EncryptionBenchmark {

  private static final int VALUE_SIZE = 100;
  private static volatile long sink;

  private EncryptionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
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
      int[] order = new SplittableRandom(11).ints(entries, 0, entries).toArray();
      double[][] ratios = new double[3][rounds];
      double[][] plainRates = new double[3][rounds];
      for (int round = 0; round < rounds; round++) {
        boolean plainFirst = round % 2 == 0;
        for (int op = 0; op < 3; op++) {
          double first = run(op, plainFirst ? plain : encrypted, keys, value, order);
          double second = run(op, plainFirst ? encrypted : plain, keys, value, order);
          double plainRate = plainFirst ? first : second;
          double encryptedRate = plainFirst ? second : first;
          ratios[op][round] = encryptedRate / plainRate;
          plainRates[op][round] = plainRate;
        }
      }
      String[] names = {"put", "get", "scan"};
      System.out.printf(Locale.ROOT, "%d entries, %d rounds, 16-byte keys, %d-byte values%n", entries, rounds, VALUE_SIZE);
      for (int op = 0; op < 3; op++) {
        double[] sorted = ratios[op].clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-5s plain %,10.0f ops/s (median)  encrypted/plain median %.2f  (min %.2f, max %.2f)%n",
            names[op], median(plainRates[op]), median(ratios[op]), sorted[0], sorted[sorted.length - 1]);
      }
    } finally {
      deleteTree(root);
    }
  }

  private static double run(int op, KeyValueStore store, byte[][] keys, byte[] value, int[] order) {
    ColumnFamily cf = store.defaultColumnFamily();
    long start = System.nanoTime();
    long count = keys.length;
    switch (op) {
      case 0 -> {
        for (byte[] key : keys) {
          store.put(cf, key, value);
        }
      }
      case 1 -> {
        long sum = 0;
        for (int i : order) {
          sum += store.get(cf, keys[i]).length;
        }
        sink += sum;
      }
      default -> {
        long sum = 0;
        count = 0;
        try (KvIterator it = store.iterator(cf, KeyRange.all())) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            sum += it.key().length + it.value().length;
            count++;
          }
        }
        sink += sum;
      }
    }
    return count * 1e9 / (System.nanoTime() - start);
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
