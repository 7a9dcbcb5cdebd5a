package io.luxtensor.storage.bench;

import io.luxtensor.storage.StorageConfig;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;

/**
 * The RocksDB engine's table format for a {@link StorageConfig}, restated for the raw side of the
 * benchmarks (the engine keeps its own package-private): block size, bloom bits, a block cache of the
 * config's size with a high-priority pool for index and filter blocks, partitioned index and filters
 * with pinned top levels, L0 pinned; or the variants the options {@code partition_index_and_filters},
 * {@code high_priority_pool_ratio}, {@code cache_index_and_filter_blocks} and {@code row_cache_bytes}
 * select. Owns its native cache and filter; closed once, after the database that uses them.
 */
final class RocksDbTableTuning implements AutoCloseable {

  private final Cache cache;
  private final BloomFilter bloom;
  private final Cache rowCache;
  private final BlockBasedTableConfig table;

  /** The table format of {@code config}, reading the engine options the benchmarks vary. */
  RocksDbTableTuning(StorageConfig config) {
    var options = config.engineOptions("rocksdb");
    double ratio = Double.parseDouble(options.getOrDefault("high_priority_pool_ratio", "0.5"));
    boolean partitioned = Boolean.parseBoolean(options.getOrDefault("partition_index_and_filters", "true"));
    boolean cached = Boolean.parseBoolean(options.getOrDefault("cache_index_and_filter_blocks", "true"));
    long rowCacheBytes = Long.parseLong(options.getOrDefault("row_cache_bytes", "0"));
    cache = new LRUCache(config.cacheSizeBytes(), -1, false, ratio);
    bloom = new BloomFilter(config.bloomBitsPerKey(), false);
    rowCache = rowCacheBytes > 0 ? new LRUCache(rowCacheBytes) : null;
    table = new BlockBasedTableConfig()
        .setBlockSize(config.blockSizeBytes())
        .setBlockCache(cache)
        .setCacheIndexAndFilterBlocks(cached)
        .setCacheIndexAndFilterBlocksWithHighPriority(cached)
        .setPinL0FilterAndIndexBlocksInCache(cached)
        .setFilterPolicy(bloom)
        .setWholeKeyFiltering(true);
    if (partitioned) {
      table.setIndexType(IndexType.kTwoLevelIndexSearch).setPartitionFilters(true).setMetadataBlockSize(4096)
          .setPinTopLevelIndexAndFilter(true);
    }
  }

  BlockBasedTableConfig tableConfig() {
    return table;
  }

  /** RocksDB's row cache, or {@code null} when the config asks for none. */
  Cache rowCache() {
    return rowCache;
  }

  @Override
  public void close() {
    cache.close();
    bloom.close();
    if (rowCache != null) {
      rowCache.close();
    }
  }
}
