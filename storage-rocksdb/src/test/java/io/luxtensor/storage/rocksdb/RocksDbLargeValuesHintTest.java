package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.NativeBackups;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StoreMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ColumnFamilyHint#LARGE_VALUES} on RocksDB: values from the threshold go into blob files,
 * which the store's disk usage counts, native backups carry, and a read-only open reads without
 * being hinted. The TCK checks that hints change no answer; this checks that RocksDB takes them.
 */
class RocksDbLargeValuesHintTest {

  private static final int LARGE = ColumnFamilyHint.LARGE_VALUE_BYTES;

  @TempDir
  Path dir;

  private StorageConfig config(Path path, boolean readOnly) {
    return StorageConfig.builder().engine("rocksdb").path(path).cacheSizeBytes(1 << 20)
        .columnFamilies("nodes").readOnly(readOnly).build();
  }

  @Test
  void unhintedFamilyKeepsEveryValueInItsTables() {
    try (KeyValueStore store = StorageEngines.open(config(dir, false))) {
      write(store, 4 * LARGE);
      store.flush();
      assertThat(property(store, "rocksdb.num-blob-files")).isZero();
    }
  }

  @Test
  void hintedFamilyKeepsValuesFromTheThresholdInBlobFilesCountedAsDiskUsage() {
    try (KeyValueStore store = StorageEngines.open(config(dir, false))) {
      ColumnFamily nodes = store.columnFamily("nodes");
      store.hint(nodes, Set.of(ColumnFamilyHint.LARGE_VALUES));
      write(store, LARGE - 1);
      store.flush();
      assertThat(property(store, "rocksdb.num-blob-files")).as("values below the threshold").isZero();

      write(store, LARGE);
      store.flush();
      StoreMetrics metrics = store.metrics();
      long blobBytes = metrics.engineProperties().get("rocksdb.live-blob-file-size");
      assertThat(property(store, "rocksdb.num-blob-files")).isPositive();
      assertThat(blobBytes).isGreaterThan(1_000L * LARGE / 2);
      assertThat(metrics.diskUsageBytes())
          .isEqualTo(metrics.engineProperties().get("rocksdb.live-sst-files-size") + blobBytes);
      assertThat(store.get(nodes, key(7))).isEqualTo(value(7, LARGE));
    }
  }

  @Test
  void withdrawnHintWritesNewValuesToTheTablesAgain() {
    try (KeyValueStore store = StorageEngines.open(config(dir, false))) {
      ColumnFamily nodes = store.columnFamily("nodes");
      store.hint(nodes, Set.of(ColumnFamilyHint.LARGE_VALUES));
      write(store, LARGE);
      store.flush();
      long files = property(store, "rocksdb.num-blob-files");
      store.hint(nodes, Set.of());
      write(store, 2 * LARGE);
      store.flush();
      assertThat(property(store, "rocksdb.num-blob-files")).isEqualTo(files);
    }
  }

  @Test
  void explicitCompactionFreesTheBlobFilesOfDeletedValues() {
    try (KeyValueStore store = StorageEngines.open(config(dir, false))) {
      ColumnFamily nodes = store.columnFamily("nodes");
      store.hint(nodes, Set.of(ColumnFamilyHint.LARGE_VALUES));
      write(store, 4 * LARGE);
      store.flush();
      for (int i = 0; i < 1_000; i += 2) {
        store.delete(nodes, key(i));
      }
      store.flush();
      long before = property(store, "rocksdb.live-blob-file-size");
      store.compact(nodes, KeyRange.all());
      assertThat(property(store, "rocksdb.live-blob-file-size")).isLessThan(before * 3 / 4);
      assertThat(store.get(nodes, key(1))).isEqualTo(value(1, 4 * LARGE));
      assertThat(store.get(nodes, key(2))).isNull();
    }
  }

  @Test
  void readOnlyStoreReadsBlobValuesAndIgnoresHints() {
    try (KeyValueStore store = StorageEngines.open(config(dir, false))) {
      store.hint(store.columnFamily("nodes"), Set.of(ColumnFamilyHint.LARGE_VALUES));
      write(store, 3 * LARGE);
      store.flush();
    }
    try (KeyValueStore store = StorageEngines.open(config(dir, true))) {
      ColumnFamily nodes = store.columnFamily("nodes");
      store.hint(nodes, Set.of(ColumnFamilyHint.LARGE_VALUES));
      assertThat(property(store, "rocksdb.num-blob-files")).isPositive();
      assertThat(store.get(nodes, key(999))).isEqualTo(value(999, 3 * LARGE));
    }
  }

  @Test
  void nativeBackupRestoresBlobValues() {
    Path db = dir.resolve("db");
    try (KeyValueStore store = StorageEngines.open(config(db, false));
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      store.hint(store.columnFamily("nodes"), Set.of(ColumnFamilyHint.LARGE_VALUES));
      write(store, 2 * LARGE);
      store.flush();
      assertThat(property(store, "rocksdb.num-blob-files")).isPositive();
      backups.restore(backups.create().id(), dir.resolve("restored"));
    }
    try (KeyValueStore restored = StorageEngines.open(config(dir.resolve("restored"), false))) {
      ColumnFamily nodes = restored.columnFamily("nodes");
      for (int i = 0; i < 1_000; i++) {
        assertThat(restored.get(nodes, key(i))).as("key %d", i).isEqualTo(value(i, 2 * LARGE));
      }
    }
  }

  /** 1,000 values of {@code size} bytes under keys 0..999 of the "nodes" family. */
  private static void write(KeyValueStore store, int size) {
    ColumnFamily nodes = store.columnFamily("nodes");
    for (int i = 0; i < 1_000; i++) {
      store.put(nodes, key(i), value(i, size));
    }
  }

  private static long property(KeyValueStore store, String name) {
    return store.metrics().engineProperties().get(name);
  }

  private static byte[] key(int i) {
    return ("key-" + i).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] value(int i, int size) {
    byte[] value = new byte[size];
    Arrays.fill(value, (byte) i);
    return value;
  }
}
