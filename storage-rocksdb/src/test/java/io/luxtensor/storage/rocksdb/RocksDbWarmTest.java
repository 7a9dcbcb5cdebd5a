package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Compression;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksDB's own {@code warm}: one read-ahead iterator that leaves the range's blocks in the block cache. */
class RocksDbWarmTest {

  private static final int ENTRIES = 5_000;

  @TempDir
  Path dir;

  @Test
  void warmedRangeIsReadFromTheBlockCacheAfterwards() {
    writeFlushedEntries();
    try (KeyValueStore store = StorageEngines.open(config(false))) {
      ColumnFamily cf = store.defaultColumnFamily();
      long missesBefore = dataMisses(store);
      assertThat(store.warm(cf, KeyRange.all())).isEqualTo(ENTRIES);
      assertThat(dataMisses(store)).as("the walk loads the data blocks").isGreaterThan(missesBefore);
      long missesAfterWarm = dataMisses(store);
      for (int i = 0; i < ENTRIES; i += 97) {
        assertThat(store.get(cf, key(i))).isEqualTo(value(i));
      }
      assertThat(dataMisses(store)).as("no get misses the cache after warm").isEqualTo(missesAfterWarm);
    }
  }

  @Test
  void countsOnlyLiveEntriesOfTheRangeAcrossTablesAndMemtable() {
    writeFlushedEntries();
    try (KeyValueStore store = StorageEngines.open(config(false))) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.delete(cf, key(100));
      store.put(cf, key(ENTRIES), value(ENTRIES)); // in the memtable only
      assertThat(store.warm(cf, KeyRange.of(key(0), key(1_000)))).isEqualTo(999);
      assertThat(store.warm(cf, KeyRange.atLeast(key(ENTRIES - 10)))).isEqualTo(11);
      assertThat(store.get(cf, key(100))).isNull();
    }
  }

  @Test
  void warmsAReadOnlyStore() {
    writeFlushedEntries();
    try (KeyValueStore store = StorageEngines.open(config(true))) {
      assertThat(store.warm(store.defaultColumnFamily(), KeyRange.of(key(10), key(20)))).isEqualTo(10);
    }
  }

  private void writeFlushedEntries() {
    try (KeyValueStore store = StorageEngines.open(config(false))) {
      ColumnFamily cf = store.defaultColumnFamily();
      WriteBatch batch = store.newBatch();
      for (int i = 0; i < ENTRIES; i++) {
        batch.put(cf, key(i), value(i));
      }
      store.write(batch);
      store.flush();
    }
  }

  private StorageConfig config(boolean readOnly) {
    return StorageConfig.builder().engine("rocksdb").path(dir).readOnly(readOnly).cacheSizeBytes(32 << 20)
        .compression(Compression.NONE).build();
  }

  private static long dataMisses(KeyValueStore store) {
    Map<String, Long> properties = store.metrics().engineProperties();
    return properties.get("rocksdb.block.cache.data.miss");
  }

  private static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    byte[] value = new byte[100];
    java.util.Arrays.fill(value, (byte) i);
    return value;
  }
}
