package io.luxtensor.storage.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The benchmarks' data: 16-byte keys and 100-byte values, the shape the specification's targets are
 * stated for, generated from fixed seeds so that the API and the raw side of one benchmark get the
 * same bytes. Static helpers only; not thread-safe to share the arrays for writing.
 */
public final class BenchData {

  /** Key size of every benchmark, in bytes. */
  public static final int KEY_SIZE = 16;
  /** Value size of every benchmark, in bytes. */
  public static final int VALUE_SIZE = 100;

  private BenchData() {}

  /**
   * {@code n} keys whose first 8 bytes are {@code i} (big-endian, so key order is index order) and
   * whose last 8 are random: ordered when walked by index, spread when picked at random.
   */
  public static byte[][] orderedKeys(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[][] keys = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = ByteBuffer.allocate(KEY_SIZE).putLong(i).putLong(random.nextLong()).array();
    }
    return keys;
  }

  /** A random 100-byte value (random bytes: LZ4 leaves them uncompressed, the worst case for the cache). */
  public static byte[] value(long seed) {
    byte[] value = new byte[VALUE_SIZE];
    new SplittableRandom(seed).nextBytes(value);
    return value;
  }

  /** {@code n} indexes in {@code [0, bound)} at random, to read or write keys in random order. */
  public static int[] randomOrder(int n, int bound, long seed) {
    return new SplittableRandom(seed).ints(n, 0, bound).toArray();
  }

  /**
   * The smallest key above every key starting with {@code prefix}: the prefix with its last byte below
   * 0xFF incremented and what follows dropped; the upper bound a raw binding needs for a prefix scan.
   */
  public static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = java.util.Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    throw new IllegalArgumentException("a prefix of only 0xFF bytes has no upper bound");
  }

  /** A fresh temporary directory for one store. */
  public static Path tempDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a directory tree; a benchmark's teardown. */
  public static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
