package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.StorageConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The batches {@link CrashChild} writes, numbered from 0. Batch {@code n} is a pure function of
 * {@code n}, so the store after batches {@code 0..m} can be replayed into a model and compared whole.
 * Each batch writes to three families: an append ({@code seq/n}), an overwrite of one of 97 hot keys,
 * the delete of the append 40 batches back, every 25th batch a 20 KB value (records spanning several
 * pages), and in the default family {@code head = n}, which tells which batch a store ends with.
 * Stateless, but a {@link Model} is one test's and not thread-safe.
 */
final class CrashWorkload {

  static final List<String> FAMILIES = List.of("default", "second", "third");
  static final byte[] HEAD = bytes("head");

  private CrashWorkload() {}

  /** The store a crash test's child and its verifier open. */
  static StorageConfig config(Path directory) {
    return StorageConfig.builder().engine("mapdb").path(directory).columnFamilies("second", "third").build();
  }

  /** Receives the operations of one batch. */
  interface Ops {
    void put(String family, byte[] key, byte[] value);

    void delete(String family, byte[] key);
  }

  static void batch(int n, Ops ops) {
    for (String family : FAMILIES) {
      ops.put(family, bytes(String.format("seq/%08d", n)), value(n, family, 1, 600));
      ops.put(family, bytes(String.format("hot/%03d", n % 97)), value(n, family, 0, 3_000));
      if (n >= 40) {
        ops.delete(family, bytes(String.format("seq/%08d", n - 40)));
      }
      if (n % 25 == 0) {
        ops.put(family, bytes("big/" + (n / 25) % 3), value(n, family, 20_000, 20_001));
      }
    }
    ops.put("default", HEAD, bytes(Integer.toString(n)));
  }

  /** The batch number a store's {@link #HEAD} value names, or -1 for a store without one. */
  static int head(byte[] value) {
    return value == null ? -1 : Integer.parseInt(new String(value, StandardCharsets.UTF_8));
  }

  private static byte[] value(int n, String family, int minLength, int maxLength) {
    SplittableRandom random = new SplittableRandom(n * 1_000_003L + family.hashCode());
    byte[] value = new byte[random.nextInt(minLength, maxLength)];
    random.nextBytes(value);
    return value;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** What the families hold after batches {@code 0..applied()}. */
  static final class Model {
    private final Map<String, TreeMap<byte[], byte[]>> families = new LinkedHashMap<>();
    private int applied = -1;

    Model() {
      FAMILIES.forEach(f -> families.put(f, new TreeMap<>(Keys.ORDER)));
    }

    int applied() {
      return applied;
    }

    /** Applies the batches after {@link #applied()} up to {@code n}. */
    void advanceTo(int n) {
      for (int next = applied + 1; next <= n; next++) {
        batch(next, new Ops() {
          @Override
          public void put(String family, byte[] key, byte[] value) {
            families.get(family).put(key, value);
          }

          @Override
          public void delete(String family, byte[] key) {
            families.get(family).remove(key);
          }
        });
      }
      applied = Math.max(applied, n);
    }

    TreeMap<byte[], byte[]> family(String name) {
      return families.get(name);
    }
  }
}
