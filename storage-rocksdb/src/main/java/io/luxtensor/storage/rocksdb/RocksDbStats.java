package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.spi.EngineStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.Cache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;

/**
 * Reads {@link EngineStats} from RocksDB itself: the {@link Statistics} tickers for the block cache
 * hit rate, and the database properties (summed over column families where they are per family) for
 * disk, memory and compaction debt. Everything reported is RocksDB's own number, under its own name.
 */
final class RocksDbStats {

  /** Per-family properties reported summed over all families, under their native names. */
  static final List<String> AGGREGATED = List.of(
      "rocksdb.live-sst-files-size",
      "rocksdb.total-sst-files-size",
      "rocksdb.live-blob-file-size",
      "rocksdb.total-blob-file-size",
      "rocksdb.live-blob-file-garbage-size",
      "rocksdb.num-blob-files",
      "rocksdb.estimate-pending-compaction-bytes",
      "rocksdb.cur-size-all-mem-tables",
      "rocksdb.size-all-mem-tables",
      "rocksdb.estimate-num-keys",
      "rocksdb.estimate-table-readers-mem",
      "rocksdb.num-live-versions",
      "rocksdb.num-immutable-mem-table");

  /** Database-wide properties, under their native names. */
  static final List<String> DATABASE = List.of(
      "rocksdb.num-snapshots",
      "rocksdb.num-running-compactions",
      "rocksdb.num-running-flushes",
      "rocksdb.background-errors",
      "rocksdb.is-write-stopped");

  /** Properties of the shared block cache, when there is one. */
  static final List<String> BLOCK_CACHE = List.of(
      "rocksdb.block-cache-capacity",
      "rocksdb.block-cache-usage",
      "rocksdb.block-cache-pinned-usage");

  private RocksDbStats() {}

  static EngineStats read(RocksDB db, Statistics statistics, Cache cache) throws RocksDBException {
    Map<String, Long> properties = new LinkedHashMap<>();
    for (String name : AGGREGATED) {
      properties.put(name, db.getAggregatedLongProperty(name));
    }
    for (String name : DATABASE) {
      properties.put(name, db.getLongProperty(name));
    }
    if (cache != null) { // RocksDB has no block cache properties for a store without a cache
      for (String name : BLOCK_CACHE) {
        properties.put(name, db.getLongProperty(name));
      }
    }
    long hits = statistics.getTickerCount(TickerType.BLOCK_CACHE_HIT);
    long misses = statistics.getTickerCount(TickerType.BLOCK_CACHE_MISS);
    properties.put("rocksdb.block.cache.hit", hits);
    properties.put("rocksdb.block.cache.miss", misses);
    // Per kind of block, to tell an index or filter reloaded on every lookup from a plain data miss.
    properties.put("rocksdb.block.cache.index.hit", statistics.getTickerCount(TickerType.BLOCK_CACHE_INDEX_HIT));
    properties.put("rocksdb.block.cache.index.miss", statistics.getTickerCount(TickerType.BLOCK_CACHE_INDEX_MISS));
    properties.put("rocksdb.block.cache.filter.hit", statistics.getTickerCount(TickerType.BLOCK_CACHE_FILTER_HIT));
    properties.put("rocksdb.block.cache.filter.miss", statistics.getTickerCount(TickerType.BLOCK_CACHE_FILTER_MISS));
    properties.put("rocksdb.block.cache.data.hit", statistics.getTickerCount(TickerType.BLOCK_CACHE_DATA_HIT));
    properties.put("rocksdb.block.cache.data.miss", statistics.getTickerCount(TickerType.BLOCK_CACHE_DATA_MISS));
    properties.put("rocksdb.row.cache.hit", statistics.getTickerCount(TickerType.ROW_CACHE_HIT));
    properties.put("rocksdb.row.cache.miss", statistics.getTickerCount(TickerType.ROW_CACHE_MISS));
    properties.put("rocksdb.bytes.written", statistics.getTickerCount(TickerType.BYTES_WRITTEN));
    properties.put("rocksdb.bytes.read", statistics.getTickerCount(TickerType.BYTES_READ));
    properties.put("rocksdb.compact.read.bytes", statistics.getTickerCount(TickerType.COMPACT_READ_BYTES));
    properties.put("rocksdb.compact.write.bytes", statistics.getTickerCount(TickerType.COMPACT_WRITE_BYTES));
    // Blob files (families hinted for large values) are written by flushes, and by compactions
    // only when they relocate live blobs out of old files; the tables' compaction bytes above
    // leave both out.
    properties.put("rocksdb.blobdb.blob.file.bytes.written", statistics.getTickerCount(TickerType.BLOB_DB_BLOB_FILE_BYTES_WRITTEN));
    properties.put("rocksdb.blobdb.gc.bytes.relocated", statistics.getTickerCount(TickerType.BLOB_DB_GC_BYTES_RELOCATED));
    double hitRate = hits + misses == 0 ? Double.NaN : (double) hits / (hits + misses);
    long cacheUsage = cache == null ? 0 : cache.getUsage();
    // size-all-mem-tables, not cur-size-all-mem-tables: it also counts the flushed memtables kept
    // for the optimistic transactions' conflict check, which hold real memory.
    long memory = properties.get("rocksdb.size-all-mem-tables") + cacheUsage
        + properties.get("rocksdb.estimate-table-readers-mem");
    long disk = properties.get("rocksdb.live-sst-files-size") + properties.get("rocksdb.live-blob-file-size");
    return new EngineStats(disk, memory, hitRate,
        properties.get("rocksdb.estimate-pending-compaction-bytes"), properties);
  }
}
