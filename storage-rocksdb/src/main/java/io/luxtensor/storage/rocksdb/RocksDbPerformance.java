package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.PerformanceConfig;
import org.rocksdb.ColumnFamilyOptions;

/**
 * A {@link PerformanceConfig} mapped onto RocksDB's options: {@code max_background_jobs} on the
 * database, the level-0 triggers, {@code target_file_size_base} and {@code max_bytes_for_level_base}
 * on the one {@link ColumnFamilyOptions} every column family is opened and created with. A setting left
 * at 0 keeps what the engine sets without it.
 *
 * <p>RocksDB quietly raises a level-0 slowdown trigger below the compaction trigger, and a stop
 * trigger below the slowdown trigger, on open. So that a setting that is set is what runs, an unset
 * trigger that would break that order with a set one moves to the set one instead: a stop trigger of
 * 10 alone also slows writes at 10, a compaction trigger of 30 alone also slows them at 30. Stateless.
 */
final class RocksDbPerformance {

  /** RocksDB's own level-0 triggers, which this engine keeps when nothing is set. */
  static final int DEFAULT_COMPACTION_TRIGGER = 4;
  static final int DEFAULT_SLOWDOWN_TRIGGER = 20;
  static final int DEFAULT_STOP_TRIGGER = 36;

  private RocksDbPerformance() {}

  /**
   * The background jobs to run: the performance setting when set, else the {@code rocksdb.} option's.
   *
   * @param optionSet whether {@code rocksdb.max_background_jobs} was given explicitly
   * @throws IllegalArgumentException when both are given and disagree
   */
  static int backgroundJobs(PerformanceConfig performance, int option, boolean optionSet) {
    int jobs = performance.maxBackgroundJobs();
    if (jobs == 0) {
      return option;
    }
    if (optionSet && option != jobs) {
      throw new IllegalArgumentException("max background jobs is set twice: PerformanceConfig.maxBackgroundJobs=" + jobs
          + " and rocksdb.max_background_jobs=" + option + "; set one of them");
    }
    return jobs;
  }

  /** Applies the set file-count and size settings to {@code cf}; leaves unset ones as they are. */
  static void apply(PerformanceConfig performance, ColumnFamilyOptions cf) {
    int compaction = performance.level0CompactionTrigger();
    int slowdown = performance.level0SlowdownWritesTrigger();
    int stop = performance.level0StopWritesTrigger();
    if (compaction != 0 || slowdown != 0 || stop != 0) {
      int[] triggers = triggers(compaction, slowdown, stop);
      cf.setLevel0FileNumCompactionTrigger(triggers[0])
          .setLevel0SlowdownWritesTrigger(triggers[1])
          .setLevel0StopWritesTrigger(triggers[2]);
    }
    if (performance.targetFileSizeBaseBytes() != 0) {
      cf.setTargetFileSizeBase(performance.targetFileSizeBaseBytes());
    }
    if (performance.maxBytesForLevelBaseBytes() != 0) {
      cf.setMaxBytesForLevelBase(performance.maxBytesForLevelBaseBytes());
    }
  }

  /**
   * The compaction, slowdown and stop triggers to run: each set one as given (the record already
   * orders set ones), each unset one at RocksDB's default moved just enough to keep
   * compaction &le; slowdown &le; stop with the set ones.
   */
  static int[] triggers(int compaction, int slowdown, int stop) {
    int c = compaction;
    int s = slowdown;
    int t = stop;
    if (c == 0) {
      c = DEFAULT_COMPACTION_TRIGGER;
      if (s != 0) {
        c = Math.min(c, s);
      }
      if (t != 0) {
        c = Math.min(c, t);
      }
    }
    if (s == 0) {
      s = Math.max(DEFAULT_SLOWDOWN_TRIGGER, c);
      if (t != 0) {
        s = Math.min(s, t);
      }
    }
    if (t == 0) {
      t = Math.max(DEFAULT_STOP_TRIGGER, s);
    }
    return new int[] {c, s, t};
  }
}
