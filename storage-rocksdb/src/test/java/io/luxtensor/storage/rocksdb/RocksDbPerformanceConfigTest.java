package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.PerformanceConfig;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.OptionsUtil;
import org.rocksdb.RocksDBException;

/**
 * Every {@link PerformanceConfig} setting reaches RocksDB, on every column family: read back from the
 * OPTIONS file RocksDB writes for the options it actually runs with.
 */
class RocksDbPerformanceConfigTest {

  private static final long MIB = 1 << 20;

  @TempDir
  Path dir;

  @Test
  void providerHonoursEverySetting() {
    assertThat(new RocksDbEngineProvider().performanceSettings())
        .isEqualTo(EnumSet.allOf(PerformanceConfig.Setting.class));
  }

  @Test
  void maxBackgroundJobsReachesTheDatabaseOptions() throws RocksDBException {
    open(PerformanceConfig.builder().maxBackgroundJobs(5).build());
    assertThat(backgroundJobsOnDisk()).isEqualTo(5);
  }

  @Test
  void levelZeroTriggersReachEveryColumnFamily() throws RocksDBException {
    open(PerformanceConfig.builder().level0CompactionTrigger(3).level0SlowdownWritesTrigger(11)
        .level0StopWritesTrigger(17).build(), "a", "b");
    forEveryFamily(cf -> {
      assertThat(cf.level0FileNumCompactionTrigger()).isEqualTo(3);
      assertThat(cf.level0SlowdownWritesTrigger()).isEqualTo(11);
      assertThat(cf.level0StopWritesTrigger()).isEqualTo(17);
    }, 3);
  }

  @Test
  void fileAndLevelSizesReachEveryColumnFamily() throws RocksDBException {
    open(PerformanceConfig.builder().targetFileSizeBaseBytes(8 * MIB).maxBytesForLevelBaseBytes(40 * MIB).build(), "a", "b");
    forEveryFamily(cf -> {
      assertThat(cf.targetFileSizeBase()).isEqualTo(8 * MIB);
      assertThat(cf.maxBytesForLevelBase()).isEqualTo(40 * MIB);
    }, 3);
  }

  @Test
  void familyCreatedAfterOpenGetsTheSettingsToo() throws RocksDBException {
    try (KeyValueStore store = StorageEngines.open(config(PerformanceConfig.builder().level0CompactionTrigger(7)
        .targetFileSizeBaseBytes(16 * MIB).build()))) {
      store.createColumnFamily("later");
    }
    forEveryFamily(cf -> {
      assertThat(cf.level0FileNumCompactionTrigger()).isEqualTo(7);
      assertThat(cf.targetFileSizeBase()).isEqualTo(16 * MIB);
    }, 2);
  }

  @Test
  void unsetSettingsKeepTheEnginesTuning() throws RocksDBException {
    open(PerformanceConfig.ENGINE_DEFAULTS);
    assertThat(backgroundJobsOnDisk()).isEqualTo(2);
    forEveryFamily(cf -> {
      assertThat(cf.level0FileNumCompactionTrigger()).isEqualTo(RocksDbPerformance.DEFAULT_COMPACTION_TRIGGER);
      assertThat(cf.level0SlowdownWritesTrigger()).isEqualTo(RocksDbPerformance.DEFAULT_SLOWDOWN_TRIGGER);
      assertThat(cf.level0StopWritesTrigger()).isEqualTo(RocksDbPerformance.DEFAULT_STOP_TRIGGER);
      assertThat(cf.targetFileSizeBase()).isEqualTo(64 * MIB);
      assertThat(cf.maxBytesForLevelBase()).isEqualTo(256 * MIB);
    }, 1);
  }

  @Test
  void aLoneStopTriggerBelowTheDefaultSlowdownIsKeptAndTheSlowdownFollowsIt() throws RocksDBException {
    open(PerformanceConfig.builder().level0StopWritesTrigger(10).build());
    forEveryFamily(cf -> {
      assertThat(cf.level0StopWritesTrigger()).isEqualTo(10);
      assertThat(cf.level0SlowdownWritesTrigger()).isEqualTo(10);
      assertThat(cf.level0FileNumCompactionTrigger()).isEqualTo(RocksDbPerformance.DEFAULT_COMPACTION_TRIGGER);
    }, 1);
  }

  @Test
  void aLoneCompactionTriggerAboveTheDefaultSlowdownIsKept() throws RocksDBException {
    open(PerformanceConfig.builder().level0CompactionTrigger(30).build());
    forEveryFamily(cf -> {
      assertThat(cf.level0FileNumCompactionTrigger()).isEqualTo(30);
      assertThat(cf.level0SlowdownWritesTrigger()).isEqualTo(30);
      assertThat(cf.level0StopWritesTrigger()).isEqualTo(RocksDbPerformance.DEFAULT_STOP_TRIGGER);
    }, 1);
  }

  @Test
  void backgroundJobsSetBothWaysAndDifferentlyIsRejected() {
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir)
        .performance(PerformanceConfig.builder().maxBackgroundJobs(4).build())
        .option("rocksdb.max_background_jobs", "3").build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rocksdb.max_background_jobs").hasMessageContaining("maxBackgroundJobs");
  }

  @Test
  void highPerformanceSettingsOpenAndWork() throws RocksDBException {
    StorageConfig config = StorageConfig.highPerformance().engine("rocksdb").path(dir).columnFamilies("a")
        .writeBufferSizeBytes(4 * MIB).cacheSizeBytes(8 * MIB).performance(PerformanceConfig.highPerformance()).build();
    try (KeyValueStore store = StorageEngines.open(config)) {
      ColumnFamily a = store.columnFamily("a");
      for (int i = 0; i < 1000; i++) {
        store.put(a, bytes("k" + i), bytes("v" + i));
      }
      store.flush();
      store.compact(a, io.luxtensor.storage.KeyRange.all());
      assertThat(store.get(a, bytes("k999"))).isEqualTo(bytes("v999"));
    }
    try (KeyValueStore reopened = StorageEngines.open(config)) {
      assertThat(reopened.get(reopened.columnFamily("a"), bytes("k0"))).isEqualTo(bytes("v0"));
    }
    PerformanceConfig expected = PerformanceConfig.highPerformance();
    assertThat(backgroundJobsOnDisk()).isEqualTo(expected.maxBackgroundJobs());
    forEveryFamily(cf -> {
      assertThat(cf.level0FileNumCompactionTrigger()).isEqualTo(expected.level0CompactionTrigger());
      assertThat(cf.level0SlowdownWritesTrigger()).isEqualTo(expected.level0SlowdownWritesTrigger());
      assertThat(cf.level0StopWritesTrigger()).isEqualTo(expected.level0StopWritesTrigger());
      assertThat(cf.targetFileSizeBase()).isEqualTo(expected.targetFileSizeBaseBytes());
      assertThat(cf.maxBytesForLevelBase()).isEqualTo(expected.maxBytesForLevelBaseBytes());
    }, 2);
  }

  private StorageConfig config(PerformanceConfig performance, String... families) {
    return StorageConfig.builder().engine("rocksdb").path(dir).columnFamilies(families).performance(performance).build();
  }

  private void open(PerformanceConfig performance, String... families) {
    try (KeyValueStore store = StorageEngines.open(config(performance, families))) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    }
  }

  private int backgroundJobsOnDisk() throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    try (ConfigOptions configOptions = new ConfigOptions(); DBOptions db = new DBOptions()) {
      OptionsUtil.loadLatestOptions(configOptions, dir.toString(), db, descriptors);
      descriptors.forEach(d -> d.getOptions().close());
      return db.maxBackgroundJobs();
    }
  }

  /** Runs {@code check} on the options of every family in the latest OPTIONS file, which must list {@code expected}. */
  private void forEveryFamily(Consumer<ColumnFamilyOptions> check, int expected) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    try (ConfigOptions configOptions = new ConfigOptions(); DBOptions db = new DBOptions()) {
      OptionsUtil.loadLatestOptions(configOptions, dir.toString(), db, descriptors);
      try {
        assertThat(descriptors).hasSize(expected);
        for (ColumnFamilyDescriptor descriptor : descriptors) {
          check.accept(descriptor.getOptions());
        }
      } finally {
        descriptors.forEach(d -> d.getOptions().close());
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
