package io.luxtensor.storage.rocksdb;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rocksdb.WALRecoveryMode;

/**
 * The RocksDB-specific options a user may set under the {@code rocksdb.} prefix of
 * {@link io.luxtensor.storage.StorageConfig#engineOptions()}, parsed and checked. Only options that
 * matter for this engine's workloads are supported; an unknown name is rejected with the list of
 * known ones rather than ignored, because a silently ignored tuning option is a misconfiguration the
 * user never learns about.
 *
 * @param maxBackgroundJobs concurrent flushes and compactions ({@code max_background_jobs}, default 2)
 * @param bytesPerSync incremental fsync of SST files every that many bytes ({@code bytes_per_sync}, default 1 MiB)
 * @param walBytesPerSync the same for the WAL ({@code wal_bytes_per_sync}, default 0 = off)
 * @param dynamicLevelBytes {@code level_compaction_dynamic_level_bytes} (default true)
 * @param prefixLength fixed prefix extractor length, 0 for none ({@code prefix_extractor_length})
 * @param optimizeFiltersForHits skip bloom filters on the last level ({@code optimize_filters_for_hits}, default false)
 * @param maxWriteBufferNumber memtables kept before writes stall ({@code max_write_buffer_number}, default 2)
 * @param cacheIndexAndFilterBlocks charge index and filter blocks to the block cache
 *     ({@code cache_index_and_filter_blocks}, default true); with {@code false} every open table keeps its
 *     whole index and filter on the heap of RocksDB, outside the cache budget
 * @param partitionIndexAndFilters two-level index and partitioned filters, top levels pinned
 *     ({@code partition_index_and_filters}, default true): a lookup that misses the cache loads one small
 *     index and filter partition (4 KiB) instead of a table's whole index and filter
 * @param highPriorityPoolRatio the share of the block cache reserved for index and filter blocks
 *     ({@code high_priority_pool_ratio}, 0 to 1, default 0.5): data blocks cannot evict them while they
 *     fit in it
 * @param rowCacheBytes RocksDB's row cache of whole key-value pairs in front of the tables
 *     ({@code row_cache_bytes}, default 0 = none)
 * @param readCacheBytes the API's read cache in front of the engine, answering hot gets without JNI
 *     ({@code read_cache_bytes}, default {@link #DEFAULT_READ_CACHE_BYTES}, 0 = none; see
 *     {@link io.luxtensor.storage.spi.CachingEngine})
 * @param walRecoveryMode how an open replays a damaged write-ahead log ({@code wal_recovery_mode}):
 *     {@code tolerate_corrupted_tail_records} (default) accepts only a log cut short at its end, what a
 *     kill leaves, and fails the open with a corruption error on damage anywhere else;
 *     {@code absolute_consistency} fails on any damage, a cut-short end included; {@code point_in_time}
 *     is for salvage only: it opens with every write before the first damaged record and silently drops
 *     that record and all later ones
 * @param maxTotalWalSize the write-ahead logs' total size at which RocksDB flushes the families that
 *     keep the oldest log alive ({@code max_total_wal_size}, default {@link #DEFAULT_MAX_TOTAL_WAL_SIZE},
 *     0 for RocksDB's own limit of four times all families' write buffers)
 */
record RocksDbEngineOptions(int maxBackgroundJobs, long bytesPerSync, long walBytesPerSync, boolean dynamicLevelBytes,
    int prefixLength, boolean optimizeFiltersForHits, int maxWriteBufferNumber, boolean cacheIndexAndFilterBlocks,
    boolean partitionIndexAndFilters, double highPriorityPoolRatio, long rowCacheBytes, long readCacheBytes,
    WALRecoveryMode walRecoveryMode, long maxTotalWalSize) {

  /**
   * The API read cache's default size, 32 MiB of Java heap beside the block cache: a JNI {@code get}
   * costs about 3 µs even from the block cache, so hot keys answered in Java are what reaches a
   * million reads per second on one thread; 32 MiB holds about 150,000 entries of a 16-byte key and a
   * 100-byte value.
   */
  static final long DEFAULT_READ_CACHE_BYTES = 32L << 20;

  /**
   * The default bound on the write-ahead logs, 256 MiB. A log file can only be deleted once every
   * family with writes in it has flushed them, so one family written rarely (a chain store's roots or
   * code) keeps every later log alive until RocksDB's own limit, four times the write buffers of all
   * families (several GiB for a dozen families of 64 MiB): the disk then grows under a steady workload
   * that writes the same amount it deletes. Past this bound RocksDB flushes the family holding the
   * oldest log; the cost is a small table for that family now and then.
   */
  static final long DEFAULT_MAX_TOTAL_WAL_SIZE = 256L << 20;

  static final List<String> KNOWN = List.of("bytes_per_sync", "cache_index_and_filter_blocks",
      "high_priority_pool_ratio", "level_compaction_dynamic_level_bytes", "max_background_jobs", "max_total_wal_size",
      "max_write_buffer_number", "optimize_filters_for_hits", "partition_index_and_filters", "prefix_extractor_length",
      "read_cache_bytes", "row_cache_bytes", "wal_bytes_per_sync", "wal_recovery_mode");

  /**
   * The accepted values of {@code wal_recovery_mode}. RocksDB's fourth mode, which skips damaged
   * records and replays later ones, is left out: it can apply a write without one made before it.
   */
  static final Map<String, WALRecoveryMode> WAL_RECOVERY_MODES = Map.of(
      "tolerate_corrupted_tail_records", WALRecoveryMode.TolerateCorruptedTailRecords,
      "absolute_consistency", WALRecoveryMode.AbsoluteConsistency,
      "point_in_time", WALRecoveryMode.PointInTimeRecovery);

  /**
   * Parses the options under the {@code rocksdb.} prefix (prefix already removed).
   *
   * @throws IllegalArgumentException naming an unknown option or a bad value, with what is allowed
   */
  static RocksDbEngineOptions parse(Map<String, String> options) {
    for (String name : options.keySet()) {
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown RocksDB option \"rocksdb." + name + "\"; known options: "
            + KNOWN.stream().map(n -> "rocksdb." + n).toList());
      }
    }
    return new RocksDbEngineOptions(
        (int) number(options, "max_background_jobs", 2, 1, 256),
        number(options, "bytes_per_sync", 1 << 20, 0, Long.MAX_VALUE),
        number(options, "wal_bytes_per_sync", 0, 0, Long.MAX_VALUE),
        bool(options, "level_compaction_dynamic_level_bytes", true),
        (int) number(options, "prefix_extractor_length", 0, 0, 1 << 16),
        bool(options, "optimize_filters_for_hits", false),
        (int) number(options, "max_write_buffer_number", 2, 2, 64),
        bool(options, "cache_index_and_filter_blocks", true),
        bool(options, "partition_index_and_filters", true),
        ratio(options, "high_priority_pool_ratio", 0.5),
        number(options, "row_cache_bytes", 0, 0, Long.MAX_VALUE),
        number(options, "read_cache_bytes", DEFAULT_READ_CACHE_BYTES, 0, Long.MAX_VALUE),
        walRecoveryMode(options.get("wal_recovery_mode")),
        number(options, "max_total_wal_size", DEFAULT_MAX_TOTAL_WAL_SIZE, 0, Long.MAX_VALUE));
  }

  private static WALRecoveryMode walRecoveryMode(String text) {
    if (text == null) {
      return WALRecoveryMode.TolerateCorruptedTailRecords;
    }
    WALRecoveryMode mode = WAL_RECOVERY_MODES.get(text.trim().toLowerCase(Locale.ROOT));
    if (mode == null) {
      throw new IllegalArgumentException("RocksDB option rocksdb.wal_recovery_mode must be one of "
          + WAL_RECOVERY_MODES.keySet().stream().sorted().toList() + ", was \"" + text + "\"");
    }
    return mode;
  }

  private static long number(Map<String, String> options, String name, long defaultValue, long min, long max) {
    String text = options.get(name);
    if (text == null) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("RocksDB option rocksdb." + name + " must be a whole number, was \"" + text + "\"", e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException("RocksDB option rocksdb." + name + " must be between " + min + " and " + max
          + ", was " + value);
    }
    return value;
  }

  private static double ratio(Map<String, String> options, String name, double defaultValue) {
    String text = options.get(name);
    if (text == null) {
      return defaultValue;
    }
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("RocksDB option rocksdb." + name + " must be a number between 0 and 1, was \"" + text + "\"", e);
    }
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("RocksDB option rocksdb." + name + " must be between 0 and 1, was " + text.trim());
    }
    return value;
  }

  private static boolean bool(Map<String, String> options, String name, boolean defaultValue) {
    String text = options.get(name);
    if (text == null) {
      return defaultValue;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("RocksDB option rocksdb." + name + " must be true or false, was \"" + text + "\"");
    };
  }
}
