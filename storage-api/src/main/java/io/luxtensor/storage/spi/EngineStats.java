package io.luxtensor.storage.spi;

import java.util.Map;

/**
 * What an engine knows about itself that the decorator cannot measure. Unknown values are -1 (and
 * {@code Double.NaN} for the hit rate).
 *
 * @param diskUsageBytes bytes of the store's files on disk
 * @param memoryUsageBytes bytes of memory the engine holds (memtables, caches, maps)
 * @param cacheHitRate block/page cache hit rate in [0, 1]
 * @param pendingCompactionBytes bytes awaiting compaction
 * @param properties further engine-native numbers, by their native names
 */
public record EngineStats(long diskUsageBytes, long memoryUsageBytes, double cacheHitRate,
    long pendingCompactionBytes, Map<String, Long> properties) {

  public EngineStats {
    properties = Map.copyOf(properties);
  }

  /** Stats of an engine that reports nothing of its own. */
  public static EngineStats unknown() {
    return new EngineStats(-1, -1, Double.NaN, -1, Map.of());
  }
}
