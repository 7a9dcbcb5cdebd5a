package io.luxtensor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

  private static final long MIB = 1024L * 1024;
  private static final long GIB = 1024 * MIB;

  @Test
  void highPerformancePresetMatchesTheSpec() {
    StorageConfig c = StorageConfig.highPerformance().build();
    assertThat(c.cacheSizeBytes()).isEqualTo(8 * GIB);
    assertThat(c.writeBufferSizeBytes()).isEqualTo(512 * MIB);
    assertThat(c.maxOpenFiles()).isEqualTo(10_000);
    assertThat(c.compression()).isEqualTo(Compression.LZ4);
    assertThat(c.blockSizeBytes()).isEqualTo(64 * 1024);
    assertThat(c.bloomBitsPerKey()).isEqualTo(10);
  }

  @Test
  void spaceOptimizedPresetMatchesTheSpec() {
    StorageConfig c = StorageConfig.spaceOptimized().build();
    assertThat(c.cacheSizeBytes()).isEqualTo(GIB);
    assertThat(c.writeBufferSizeBytes()).isEqualTo(64 * MIB);
    assertThat(c.maxOpenFiles()).isEqualTo(1000);
    assertThat(c.compression()).isEqualTo(Compression.ZSTD);
    assertThat(c.blockSizeBytes()).isEqualTo(16 * 1024);
    assertThat(c.bloomBitsPerKey()).isEqualTo(15);
  }

  @Test
  void dataBlocksAre4KiBByDefaultAsInRocksDb() {
    assertThat(StorageConfig.builder().build().blockSizeBytes()).isEqualTo(4 * 1024);
  }

  @Test
  void inMemoryNamesTheMemoryEngineAndHasNoPath() {
    StorageConfig c = StorageConfig.inMemory();
    assertThat(c.engine()).isEqualTo("memory");
    assertThat(c.isTemporary()).isTrue();
  }

  @Test
  void defaultColumnFamilyAlwaysComesFirstAndOnce() {
    StorageConfig c = StorageConfig.builder().columnFamilies("b", "default", "a", "b").build();
    assertThat(c.columnFamilies()).containsExactly("default", "b", "a");
  }

  @Test
  void settersRejectOutOfRangeValuesSayingWhatIsAllowed() {
    StorageConfig.Builder b = StorageConfig.builder();
    assertThatThrownBy(() -> b.cacheSizeBytes(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> b.writeBufferSizeBytes(10)).hasMessageContaining("at least 64 KiB");
    assertThatThrownBy(() -> b.maxOpenFiles(0)).hasMessageContaining("-1 (unlimited)");
    assertThatThrownBy(() -> b.blockSizeBytes(100)).hasMessageContaining("between 1 KiB and 4 MiB");
    assertThatThrownBy(() -> b.bloomBitsPerKey(65)).hasMessageContaining("between 0 and 64");
    assertThatThrownBy(() -> b.mapSizeBytes(1)).hasMessageContaining("at least 1 MiB");
    assertThatThrownBy(() -> b.engine(" ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> b.columnFamilies("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> b.option("nodot", "1")).hasMessageContaining("<engine>.<option>");
  }

  @Test
  void engineOptionsAreFilteredByEnginePrefix() {
    StorageConfig c = StorageConfig.builder().option("rocksdb.max_background_jobs", "4").option("lmdb.grow", "false").build();
    assertThat(c.engineOptions("rocksdb")).containsExactly(java.util.Map.entry("max_background_jobs", "4"));
    assertThat(c.engineOptions("mapdb")).isEmpty();
  }

  @Test
  void toBuilderRoundTrips() {
    StorageConfig c = StorageConfig.spaceOptimized().engine("rocksdb").path(Path.of("x")).readOnly(true)
        .syncWrites(true).columnFamilies("a").option("rocksdb.a", "b").build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }
}
