package io.luxtensor.storage;

import java.util.EnumSet;
import java.util.Set;

/**
 * Background-work and compaction tuning of a log-structured engine (the specification's
 * {@code PerformanceConfig}): how many flushes and compactions run at once, when level 0 is
 * compacted, slowed down and stopped, and how large files and level 1 grow. Immutable; part of
 * {@link StorageConfig#performance()}.
 *
 * <p>Every setting is optional: {@code 0} leaves it at the engine's default. A setting that is set is
 * a requirement, not a hint: an engine that has no such knob (LMDB's B+tree has no levels, the
 * in-memory engine no background work) rejects the store's opening with an
 * {@link IllegalArgumentException} naming the settings, rather than silently running untuned. Each
 * engine lists what it honours in {@code StorageEngineProvider.performanceSettings()}; RocksDB honours
 * all of them.
 *
 * <p>Rules, checked when the record is made: background jobs between 1 and 256; level-0 triggers at
 * least 1 and, when set together, compaction &le; slowdown &le; stop; file sizes at least 64 KiB and
 * the level base at least the target file size when both are set.
 *
 * @param maxBackgroundJobs concurrent flushes and compactions (RocksDB {@code max_background_jobs})
 * @param level0CompactionTrigger level-0 files that start a compaction into level 1
 * @param level0SlowdownWritesTrigger level-0 files at which writes are slowed down
 * @param level0StopWritesTrigger level-0 files at which writes stop until compaction catches up
 * @param targetFileSizeBaseBytes the size of a level-1 table file (deeper levels grow from it)
 * @param maxBytesForLevelBaseBytes the total size of level 1 (deeper levels are multiples of it)
 */
public record PerformanceConfig(
    int maxBackgroundJobs,
    int level0CompactionTrigger,
    int level0SlowdownWritesTrigger,
    int level0StopWritesTrigger,
    long targetFileSizeBaseBytes,
    long maxBytesForLevelBaseBytes) {

  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private static final long GIB = 1024 * MIB;

  /** Nothing set: every engine runs its own defaults. The default of {@link StorageConfig}. */
  public static final PerformanceConfig ENGINE_DEFAULTS = new PerformanceConfig(0, 0, 0, 0, 0, 0);

  /** One setting, named as error messages name it. */
  public enum Setting {
    MAX_BACKGROUND_JOBS("max background jobs"),
    LEVEL0_COMPACTION_TRIGGER("level-0 compaction trigger"),
    LEVEL0_SLOWDOWN_WRITES_TRIGGER("level-0 slowdown writes trigger"),
    LEVEL0_STOP_WRITES_TRIGGER("level-0 stop writes trigger"),
    TARGET_FILE_SIZE_BASE("target file size base"),
    MAX_BYTES_FOR_LEVEL_BASE("max bytes for level base");

    private final String label;

    Setting(String label) {
      this.label = label;
    }

    /** The setting as a person reads it: {@code "level-0 stop writes trigger"}. */
    public String label() {
      return label;
    }
  }

  /**
   * Checks the rules in the type's documentation.
   *
   * @throws IllegalArgumentException naming the first setting that breaks them
   */
  public PerformanceConfig {
    require(maxBackgroundJobs == 0 || maxBackgroundJobs >= 1 && maxBackgroundJobs <= 256,
        "max background jobs must be between 1 and 256 (0 for the engine's default), was " + maxBackgroundJobs);
    requireTrigger("compaction", level0CompactionTrigger);
    requireTrigger("slowdown writes", level0SlowdownWritesTrigger);
    requireTrigger("stop writes", level0StopWritesTrigger);
    require(level0CompactionTrigger == 0 || level0SlowdownWritesTrigger == 0 || level0CompactionTrigger <= level0SlowdownWritesTrigger,
        "level-0 slowdown writes trigger (" + level0SlowdownWritesTrigger + ") must not be below the compaction trigger ("
            + level0CompactionTrigger + "): writes would slow down before compaction starts");
    require(level0SlowdownWritesTrigger == 0 || level0StopWritesTrigger == 0 || level0SlowdownWritesTrigger <= level0StopWritesTrigger,
        "level-0 stop writes trigger (" + level0StopWritesTrigger + ") must not be below the slowdown trigger ("
            + level0SlowdownWritesTrigger + "): writes would stop before they slow down");
    require(level0CompactionTrigger == 0 || level0StopWritesTrigger == 0 || level0CompactionTrigger <= level0StopWritesTrigger,
        "level-0 stop writes trigger (" + level0StopWritesTrigger + ") must not be below the compaction trigger ("
            + level0CompactionTrigger + "): writes would stop before compaction starts");
    requireSize("target file size base", targetFileSizeBaseBytes);
    requireSize("max bytes for level base", maxBytesForLevelBaseBytes);
    require(targetFileSizeBaseBytes == 0 || maxBytesForLevelBaseBytes == 0 || targetFileSizeBaseBytes <= maxBytesForLevelBaseBytes,
        "max bytes for level base (" + maxBytesForLevelBaseBytes + ") must be at least the target file size base ("
            + targetFileSizeBaseBytes + "): level 1 must hold at least one file");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * For {@link StorageConfig#highPerformance()}'s 512 MiB write buffers on a machine with cores to
   * spare: 8 background jobs, level 0 compacted at 4 files, slowed at 20, stopped at 36 (RocksDB's
   * defaults), 256 MiB files and a 2 GiB level 1 (four write buffers, as RocksDB's tuning guide
   * sizes level 1 to what level 0 compacts into it).
   */
  public static PerformanceConfig highPerformance() {
    return new PerformanceConfig(8, 4, 20, 36, 256 * MIB, 2 * GIB);
  }

  /**
   * For {@link StorageConfig#spaceOptimized()}'s 64 MiB write buffers: 4 background jobs, level 0
   * compacted early (2 files, so fewer overlapping files hold stale versions), slowed at 20, stopped
   * at 36, 64 MiB files and a 256 MiB level 1.
   */
  public static PerformanceConfig spaceOptimized() {
    return new PerformanceConfig(4, 2, 20, 36, 64 * MIB, 256 * MIB);
  }

  /** The settings that are set (non-zero), in declaration order. */
  public Set<Setting> settings() {
    Set<Setting> set = EnumSet.noneOf(Setting.class);
    addIf(set, maxBackgroundJobs != 0, Setting.MAX_BACKGROUND_JOBS);
    addIf(set, level0CompactionTrigger != 0, Setting.LEVEL0_COMPACTION_TRIGGER);
    addIf(set, level0SlowdownWritesTrigger != 0, Setting.LEVEL0_SLOWDOWN_WRITES_TRIGGER);
    addIf(set, level0StopWritesTrigger != 0, Setting.LEVEL0_STOP_WRITES_TRIGGER);
    addIf(set, targetFileSizeBaseBytes != 0, Setting.TARGET_FILE_SIZE_BASE);
    addIf(set, maxBytesForLevelBaseBytes != 0, Setting.MAX_BYTES_FOR_LEVEL_BASE);
    return set;
  }

  private static void addIf(Set<Setting> set, boolean condition, Setting setting) {
    if (condition) {
      set.add(setting);
    }
  }

  private static void requireTrigger(String what, int files) {
    require(files >= 0, "level-0 " + what + " trigger must be at least 1 file (0 for the engine's default), was " + files);
  }

  private static void requireSize(String what, long bytes) {
    require(bytes == 0 || bytes >= 64 * KIB, what + " must be at least 64 KiB (0 for the engine's default), was " + bytes);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Builds a {@link PerformanceConfig}; unset settings stay at the engine's default. The rules are
   * checked by {@link #build()}, which names the first one broken. Not thread-safe.
   */
  public static final class Builder {
    private int maxBackgroundJobs;
    private int level0CompactionTrigger;
    private int level0SlowdownWritesTrigger;
    private int level0StopWritesTrigger;
    private long targetFileSizeBaseBytes;
    private long maxBytesForLevelBaseBytes;

    private Builder() {}

    /** Concurrent flushes and compactions, 1 to 256. */
    public Builder maxBackgroundJobs(int jobs) {
      this.maxBackgroundJobs = jobs;
      return this;
    }

    /** Level-0 files that start a compaction into level 1. */
    public Builder level0CompactionTrigger(int files) {
      this.level0CompactionTrigger = files;
      return this;
    }

    /** Level-0 files at which writes slow down. */
    public Builder level0SlowdownWritesTrigger(int files) {
      this.level0SlowdownWritesTrigger = files;
      return this;
    }

    /** Level-0 files at which writes stop. */
    public Builder level0StopWritesTrigger(int files) {
      this.level0StopWritesTrigger = files;
      return this;
    }

    /** The size of a level-1 table file, at least 64 KiB. */
    public Builder targetFileSizeBaseBytes(long bytes) {
      this.targetFileSizeBaseBytes = bytes;
      return this;
    }

    /** The total size of level 1, at least 64 KiB and at least the target file size. */
    public Builder maxBytesForLevelBaseBytes(long bytes) {
      this.maxBytesForLevelBaseBytes = bytes;
      return this;
    }

    /** @throws IllegalArgumentException naming the first rule the settings break */
    public PerformanceConfig build() {
      return new PerformanceConfig(maxBackgroundJobs, level0CompactionTrigger, level0SlowdownWritesTrigger,
          level0StopWritesTrigger, targetFileSizeBaseBytes, maxBytesForLevelBaseBytes);
    }
  }
}
