package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache options: where index and filter blocks live, RocksDB's row cache and the API's read cache. */
class RocksDbCacheOptionsTest {

  @TempDir
  Path dir;

  @Test
  void byDefaultIndexAndFiltersArePartitionedWithPinnedTopLevelsInTheHighPriorityPool() throws IOException {
    String options = optionsFileOf(StorageConfig.builder().engine("rocksdb").path(dir));
    assertThat(options).contains("index_type=kTwoLevelIndexSearch", "partition_filters=true",
        "pin_top_level_index_and_filter=true", "metadata_block_size=4096", "cache_index_and_filter_blocks=true",
        "cache_index_and_filter_blocks_with_high_priority=true", "pin_l0_filter_and_index_blocks_in_cache=true");
  }

  @Test
  void partitioningCanBeSwitchedOffForWholeTableIndexAndFilters() throws IOException {
    String options = optionsFileOf(StorageConfig.builder().engine("rocksdb").path(dir)
        .option("rocksdb.partition_index_and_filters", "false").option("rocksdb.high_priority_pool_ratio", "0"));
    assertThat(options).contains("index_type=kBinarySearch", "partition_filters=false");
  }

  @Test
  void highPriorityPoolRatioMustBeBetweenZeroAndOne() {
    for (String bad : new String[] {"1.5", "-0.1", "half", "NaN"}) {
      StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir)
          .option("rocksdb.high_priority_pool_ratio", bad).build();
      assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("rocksdb.high_priority_pool_ratio");
    }
  }

  @Test
  void rowCacheAnswersRepeatedGets() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir)
        .option("rocksdb.row_cache_bytes", Integer.toString(1 << 20)).option("rocksdb.read_cache_bytes", "0").build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("k"), bytes("v"));
      store.flush(); // the row cache sits in front of the tables, not the memtable
      for (int i = 0; i < 3; i++) {
        assertThat(store.get(cf, bytes("k"))).isEqualTo(bytes("v"));
      }
      assertThat(store.metrics().engineProperties().get("rocksdb.row.cache.hit")).isEqualTo(2L);
    }
  }

  @Test
  void readCacheAnswersRepeatedGetsAndFollowsWrites() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir)
        .option("rocksdb.read_cache_bytes", Integer.toString(1 << 20)).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("k"), bytes("1"));
      assertThat(store.get(cf, bytes("k"))).isEqualTo(bytes("1"));
      assertThat(store.get(cf, bytes("k"))).isEqualTo(bytes("1"));
      store.write(store.newBatch().put(cf, bytes("k"), bytes("2")));
      assertThat(store.get(cf, bytes("k"))).isEqualTo(bytes("2"));
      Map<String, Long> properties = store.metrics().engineProperties();
      assertThat(properties).containsEntry("luxtensor.read-cache.hit", 1L).containsEntry("luxtensor.read-cache.miss", 2L)
          .containsEntry("luxtensor.read-cache.capacity", 1L << 20);
    }
  }

  @Test
  void byDefaultTheReadCacheIsOnWith32MiB() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir).build())) {
      assertThat(store.metrics().engineProperties()).containsEntry("luxtensor.read-cache.capacity", 32L << 20);
    }
  }

  @Test
  void readCacheOfZeroBytesTurnsItOff() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir)
        .option("rocksdb.read_cache_bytes", "0").build())) {
      assertThat(store.metrics().engineProperties()).doesNotContainKey("luxtensor.read-cache.hit");
    }
  }

  private String optionsFileOf(StorageConfig.Builder builder) throws IOException {
    try (KeyValueStore store = StorageEngines.open(builder.build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    }
    try (Stream<Path> files = Files.list(dir)) {
      Path newest = files.filter(p -> p.getFileName().toString().startsWith("OPTIONS-")).sorted().reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("RocksDB wrote no OPTIONS file in " + dir));
      return Files.readString(newest);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
