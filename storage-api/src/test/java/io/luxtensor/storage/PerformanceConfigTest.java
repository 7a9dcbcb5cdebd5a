package io.luxtensor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.PerformanceConfig.Setting;
import org.junit.jupiter.api.Test;

class PerformanceConfigTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void engineDefaultsSetNothing() {
    assertThat(PerformanceConfig.ENGINE_DEFAULTS.settings()).isEmpty();
    assertThat(StorageConfig.builder().build().performance()).isEqualTo(PerformanceConfig.ENGINE_DEFAULTS);
  }

  @Test
  void settingsListsExactlyTheNonZeroOnes() {
    PerformanceConfig config = PerformanceConfig.builder().maxBackgroundJobs(4).level0StopWritesTrigger(30).build();
    assertThat(config.settings()).containsExactly(Setting.MAX_BACKGROUND_JOBS, Setting.LEVEL0_STOP_WRITES_TRIGGER);
  }

  @Test
  void presetsSetEverySettingAndSizeLevelOneToFourWriteBuffers() {
    for (PerformanceConfig preset : new PerformanceConfig[] {PerformanceConfig.highPerformance(), PerformanceConfig.spaceOptimized()}) {
      assertThat(preset.settings()).containsExactlyInAnyOrder(Setting.values());
    }
    assertThat(PerformanceConfig.highPerformance().maxBytesForLevelBaseBytes())
        .isEqualTo(4 * StorageConfig.highPerformance().build().writeBufferSizeBytes());
    assertThat(PerformanceConfig.spaceOptimized().maxBytesForLevelBaseBytes())
        .isEqualTo(4 * StorageConfig.spaceOptimized().build().writeBufferSizeBytes());
  }

  @Test
  void outOfRangeValuesAreRejectedSayingWhatIsAllowed() {
    assertThatThrownBy(() -> PerformanceConfig.builder().maxBackgroundJobs(300).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 256");
    assertThatThrownBy(() -> PerformanceConfig.builder().level0CompactionTrigger(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level-0 compaction trigger");
    assertThatThrownBy(() -> PerformanceConfig.builder().targetFileSizeBaseBytes(1000).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 64 KiB");
  }

  @Test
  void levelZeroTriggersMustRiseFromCompactionToSlowdownToStop() {
    assertThatThrownBy(() -> PerformanceConfig.builder().level0CompactionTrigger(8).level0SlowdownWritesTrigger(4).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slow down before compaction starts");
    assertThatThrownBy(() -> PerformanceConfig.builder().level0SlowdownWritesTrigger(20).level0StopWritesTrigger(10).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stop before they slow down");
    assertThatThrownBy(() -> PerformanceConfig.builder().level0CompactionTrigger(8).level0StopWritesTrigger(4).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stop before compaction starts");
  }

  @Test
  void levelOneMustHoldAtLeastOneTargetFile() {
    assertThatThrownBy(() -> PerformanceConfig.builder().targetFileSizeBaseBytes(64 * MIB).maxBytesForLevelBaseBytes(32 * MIB).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level 1 must hold at least one file");
  }

  @Test
  void storageConfigRefusesANullPerformanceConfig() {
    assertThatThrownBy(() -> StorageConfig.builder().performance(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ENGINE_DEFAULTS");
  }
}
