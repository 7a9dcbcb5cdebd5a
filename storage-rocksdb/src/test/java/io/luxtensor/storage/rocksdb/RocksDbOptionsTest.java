package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.spi.Bounds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Compression;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StorageConfig reaches RocksDB: checked in the OPTIONS file RocksDB writes for every open. */
class RocksDbOptionsTest {

  @TempDir
  Path dir;

  @Test
  void tuningValuesReachTheNativeOptions() throws IOException {
    String options = optionsFileOf(StorageConfig.builder().engine("rocksdb").path(dir).cacheSizeBytes(32 << 20)
        .writeBufferSizeBytes(4 << 20).maxOpenFiles(321).blockSizeBytes(8192).bloomBitsPerKey(12)
        .compression(Compression.SNAPPY));
    assertThat(options).contains("max_open_files=321", "write_buffer_size=4194304", "block_size=8192",
        "compression=kSnappyCompression", "paranoid_checks=true", "filter_policy=bloomfilter:12:false");
  }

  @Test
  void cacheSizeIsTheCapacityOfTheOneSharedBlockCache() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir)
        .cacheSizeBytes(32 << 20).columnFamilies("a", "b").build())) {
      assertThat(store.metrics().engineProperties()).containsEntry("rocksdb.block-cache-capacity", 32L << 20);
    }
  }

  @Test
  void spaceOptimizedPresetUsesZstdAtTheBottommostLevelAndLz4Above() throws IOException {
    String options = optionsFileOf(StorageConfig.spaceOptimized().engine("rocksdb").path(dir).cacheSizeBytes(8 << 20));
    assertThat(options).contains("compression=kLZ4Compression", "bottommost_compression=kZSTD");
  }

  @Test
  void engineOptionsUnderTheRocksdbPrefixReachTheNativeOptions() throws IOException {
    String options = optionsFileOf(StorageConfig.builder().engine("rocksdb").path(dir)
        .option("rocksdb.max_background_jobs", "3")
        .option("rocksdb.bytes_per_sync", "2097152")
        .option("rocksdb.level_compaction_dynamic_level_bytes", "false")
        .option("rocksdb.prefix_extractor_length", "4")
        .option("rocksdb.optimize_filters_for_hits", "true")
        .option("rocksdb.max_write_buffer_number", "3"));
    assertThat(options).contains("max_background_jobs=3", "bytes_per_sync=2097152",
        "level_compaction_dynamic_level_bytes=false", "optimize_filters_for_hits=true", "max_write_buffer_number=3");
    assertThat(options).contains("prefix_extractor=rocksdb.FixedPrefix.4");
  }

  @Test
  void writeAheadLogsAreBoundedTo256MiBByDefault() throws IOException {
    assertThat(optionsFileOf(StorageConfig.builder().engine("rocksdb").path(dir))).contains("max_total_wal_size=268435456");
  }

  @Test
  void aRarelyWrittenFamilyDoesNotKeepTheWriteAheadLogsAlive() throws IOException {
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir).writeBufferSizeBytes(1 << 20)
        .columnFamilies("rare", "busy").option("rocksdb.max_total_wal_size", Integer.toString(2 << 20)).build();
    try (KeyValueStore store = StorageEngines.open(config)) {
      ColumnFamily rare = store.columnFamily("rare");
      ColumnFamily busy = store.columnFamily("busy");
      store.put(rare, bytes("once"), bytes("v"));
      byte[] value = new byte[1000];
      // 16 MB through the busy family, its memtable flushed many times: less than RocksDB's own limit here
      // (4 x 3 families x 2 write buffers of 1 MiB), more than the bound
      for (int i = 0; i < 16_000; i++) {
        store.put(busy, bytes("k" + (i % 500)), value);
      }
      assertThat(walBytes()).isLessThan(8L << 20);
      assertThat(store.get(rare, bytes("once"))).isEqualTo(bytes("v"));
    }
  }

  private long walBytes() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".log")).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  void unknownEngineOptionIsRejectedNamingItAndTheKnownOnes() {
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir).option("rocksdb.max_jobs", "2").build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rocksdb.max_jobs").hasMessageContaining("rocksdb.max_background_jobs");
  }

  @Test
  void malformedEngineOptionValueIsRejectedWithWhatIsAllowed() {
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir)
        .option("rocksdb.optimize_filters_for_hits", "yes").build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rocksdb.optimize_filters_for_hits").hasMessageContaining("true or false");
  }

  @Test
  void optionsOfOtherEnginesAreIgnored() {
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir).option("lmdb.max_readers", "9").build();
    try (KeyValueStore store = StorageEngines.open(config)) {
      assertThat(store.engine().name()).isEqualTo("rocksdb");
    }
  }

  @Test
  void prefixExtractorDoesNotHideKeysFromScansAcrossPrefixes() {
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir)
        .option("rocksdb.prefix_extractor_length", "2").build();
    try (KeyValueStore store = StorageEngines.open(config)) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (String key : List.of("aa1", "aa2", "ab1", "ba1", "bb2", "c")) {
        store.put(cf, bytes(key), bytes("v"));
      }
      store.flush();
      store.put(cf, bytes("ab2"), bytes("v"));
      assertThat(keys(store, cf, KeyRange.of(bytes("aa2"), bytes("bb")))).containsExactly("aa2", "ab1", "ab2", "ba1");
      assertThat(keys(store, cf, KeyRange.prefix(bytes("ab")))).containsExactly("ab1", "ab2");
      assertThat(keys(store, cf, KeyRange.all())).hasSize(7);
    }
  }

  private static List<String> keys(KeyValueStore store, ColumnFamily cf, KeyRange range) {
    List<String> keys = new ArrayList<>();
    try (KvIterator it = store.iterator(cf, range)) {
      for (; it.isValid(); it.next()) {
        keys.add(new String(it.key(), StandardCharsets.UTF_8));
      }
    }
    return keys;
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
