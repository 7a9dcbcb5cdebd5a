package io.luxtensor.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Stores, data and comparisons shared by the backup tests. */
final class Fixtures {

  private Fixtures() {}

  static StorageConfig config(String engine, Path path) {
    StorageConfig.Builder b = StorageConfig.builder().engine(engine);
    if (path != null) {
      b.path(path);
    }
    if (engine.equals("lmdb")) {
      b.mapSizeBytes(64L << 20);
    }
    return b.build();
  }

  static KeyValueStore open(String engine, Path path) {
    return StorageEngines.open(config(engine, path));
  }

  static KeyValueStore memory() {
    return StorageEngines.open(StorageConfig.builder().engine("memory").build());
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Fills {@code store}: families "default", "blocks" and "state bytes/é" (a name needing escapes),
   * binary keys 0x00 and 0xFF, an empty value, and {@code n} random entries per family.
   */
  static void fill(KeyValueStore store, int n, long seed) {
    ColumnFamily blocks = family(store, "blocks");
    ColumnFamily odd = family(store, "state bytes/é");
    Random random = new Random(seed);
    WriteBatch batch = store.newBatch();
    batch.put(store.defaultColumnFamily(), new byte[] {0}, new byte[0]);
    batch.put(store.defaultColumnFamily(), new byte[] {(byte) 0xff, 1}, b("ff"));
    for (ColumnFamily cf : new ColumnFamily[] {store.defaultColumnFamily(), blocks, odd}) {
      for (int i = 0; i < n; i++) {
        byte[] key = new byte[8 + random.nextInt(24)];
        random.nextBytes(key);
        byte[] value = new byte[random.nextInt(200)];
        random.nextBytes(value);
        batch.put(cf, key, value);
        if (batch.size() >= 1000) {
          store.write(batch);
          batch.clear();
        }
      }
    }
    store.write(batch);
  }

  static ColumnFamily family(KeyValueStore store, String name) {
    return store.columnFamilies().stream().filter(cf -> cf.name().equals(name)).findFirst()
        .orElseGet(() -> store.createColumnFamily(name));
  }

  /** The whole content of a store: family name to its entries in key order (hex keys and values). */
  static Map<String, Map<String, String>> content(KeyValueStore store) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (ColumnFamily cf : store.columnFamilies()) {
      Map<String, String> entries = new TreeMap<>();
      try (KvIterator it = store.iterator(cf, KeyRange.all())) {
        for (; it.isValid(); it.next()) {
          entries.put(Keys.toHex(it.key()), Keys.toHex(it.value()));
        }
      }
      out.put(cf.name(), entries);
    }
    return out;
  }

  static void assertSameContent(KeyValueStore actual, KeyValueStore expected) {
    Map<String, Map<String, String>> a = content(actual);
    Map<String, Map<String, String>> e = content(expected);
    assertThat(new TreeMap<>(a).keySet()).isEqualTo(new TreeMap<>(e).keySet());
    for (String cf : e.keySet()) {
      assertThat(a.get(cf)).as("family %s", cf).isEqualTo(e.get(cf));
    }
  }
}
