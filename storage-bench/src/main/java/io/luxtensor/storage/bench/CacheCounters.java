package io.luxtensor.storage.bench;

import java.util.Map;

/**
 * RocksDB's block cache hits and misses per kind of block, read after a benchmark to say where its
 * reads went: index and filter misses that grow with the lookups mean those blocks are being evicted
 * and reloaded. An immutable value.
 */
record CacheCounters(long indexHit, long indexMiss, long filterHit, long filterMiss, long dataHit, long dataMiss) {

  /** The counters from a store's engine properties ({@code rocksdb.block.cache.<kind>.<hit|miss>}). */
  static CacheCounters of(Map<String, Long> properties) {
    return new CacheCounters(get(properties, "index.hit"), get(properties, "index.miss"), get(properties, "filter.hit"),
        get(properties, "filter.miss"), get(properties, "data.hit"), get(properties, "data.miss"));
  }

  private static long get(Map<String, Long> properties, String name) {
    return properties.getOrDefault("rocksdb.block.cache." + name, -1L);
  }

  @Override
  public String toString() {
    return String.format("block cache index hit/miss %,d/%,d, filter hit/miss %,d/%,d, data hit/miss %,d/%,d",
        indexHit, indexMiss, filterHit, filterMiss, dataHit, dataMiss);
  }
}
