package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.Compression;
import io.luxtensor.storage.StorageConfig;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.HistogramType;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.Statistics;
import org.rocksdb.StatsLevel;

/**
 * {@link StorageConfig} translated into RocksDB's native options. Every native object made here is
 * handed to the {@link NativeOwner} the moment it exists, so a failure halfway leaks nothing; the
 * owner closes them after the database.
 *
 * <p>One {@link ColumnFamilyOptions} serves every column family (RocksDB copies it into each family
 * it opens or creates), and one LRU block cache is shared by all of them, so
 * {@link StorageConfig#cacheSizeBytes()} is a budget for the whole store, not per family. The
 * config's {@link io.luxtensor.storage.PerformanceConfig} goes onto the same options
 * ({@link RocksDbPerformance}), so it reaches every family too.
 */
final class RocksDbTuning {

  final Statistics statistics;
  /** The shared block cache, or {@code null} when the config asks for none. */
  final Cache cache;
  final DBOptions dbOptions;
  final ColumnFamilyOptions columnFamilyOptions;
  final RocksDbEngineOptions engineOptions;

  private RocksDbTuning(Statistics statistics, Cache cache, DBOptions dbOptions, ColumnFamilyOptions columnFamilyOptions,
      RocksDbEngineOptions engineOptions) {
    this.statistics = statistics;
    this.cache = cache;
    this.dbOptions = dbOptions;
    this.columnFamilyOptions = columnFamilyOptions;
    this.engineOptions = engineOptions;
  }

  /** Blob garbage collection over every blob file a compaction meets, for explicit compactions. */
  static final MutableColumnFamilyOptions BLOB_COLLECTION_ON = MutableColumnFamilyOptions.builder()
      .setEnableBlobGarbageCollection(true).setBlobGarbageCollectionAgeCutoff(1.0).build();
  /** No blob garbage collection: what background compactions run with. */
  static final MutableColumnFamilyOptions BLOB_COLLECTION_OFF = MutableColumnFamilyOptions.builder()
      .setEnableBlobGarbageCollection(false).build();

  /**
   * The options of a family given {@code hints}; with none, what every family opens with. Only
   * mutable options, so that a hint applies to an open family: {@link ColumnFamilyHint#LARGE_VALUES}
   * turns on the integrated BlobDB, whose other settings every family has from the start
   * ({@link #blobSettings}).
   */
  static MutableColumnFamilyOptions hintedOptions(Set<ColumnFamilyHint> hints) {
    return MutableColumnFamilyOptions.builder().setEnableBlobFiles(hints.contains(ColumnFamilyHint.LARGE_VALUES)).build();
  }

  /** Whether iterators must use {@code auto_prefix_mode}: a prefix extractor makes plain seeks prefix-only. */
  boolean hasPrefixExtractor() {
    return engineOptions.prefixLength() > 0;
  }

  static RocksDbTuning create(StorageConfig config, NativeOwner owner) {
    // Parse first: a bad option must fail before any native object exists.
    RocksDbEngineOptions extra = RocksDbEngineOptions.parse(config.engineOptions("rocksdb"));
    int backgroundJobs = RocksDbPerformance.backgroundJobs(config.performance(), extra.maxBackgroundJobs(),
        config.engineOptions("rocksdb").containsKey("max_background_jobs"));

    // Only the tickers (cache hits and misses, bytes) are read, and they are cheap per-core counters.
    // The histograms time every get and write with clock reads the store's own metrics already make
    // once, so they are all switched off.
    Statistics statistics = owner.own(new Statistics(EnumSet.allOf(HistogramType.class)));
    statistics.setStatsLevel(StatsLevel.EXCEPT_DETAILED_TIMERS);

    // Index and filter blocks go in the high-priority pool: under a cache smaller than the data set,
    // data blocks would otherwise evict them and every lookup would reload them (the uncached-read
    // collapse measured in docs/benchmarks.md).
    Cache cache = config.cacheSizeBytes() > 0
        ? owner.own(new LRUCache(config.cacheSizeBytes(), -1, false, extra.highPriorityPoolRatio()))
        : null;
    boolean cached = cache != null && extra.cacheIndexAndFilterBlocks();
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockSize(config.blockSizeBytes())
        .setCacheIndexAndFilterBlocks(cached)
        .setCacheIndexAndFilterBlocksWithHighPriority(cached)
        .setPinL0FilterAndIndexBlocksInCache(cached);
    if (extra.partitionIndexAndFilters()) {
      // A table's index and filter split into 4 KiB partitions under a small top level that stays
      // pinned: a miss loads one partition, not the whole index and filter of a 64 MiB table.
      table.setIndexType(IndexType.kTwoLevelIndexSearch)
          .setPartitionFilters(config.bloomBitsPerKey() > 0)
          .setMetadataBlockSize(4096)
          .setPinTopLevelIndexAndFilter(true);
    }
    if (cache == null) {
      table.setNoBlockCache(true);
    } else {
      table.setBlockCache(cache);
    }
    if (config.bloomBitsPerKey() > 0) {
      table.setFilterPolicy(owner.own(new BloomFilter(config.bloomBitsPerKey(), false)));
      table.setWholeKeyFiltering(true);
    }

    ColumnFamilyOptions cf = owner.own(historyKeepingOptions(config));
    cf.setTableFormatConfig(table)
        .setWriteBufferSize(config.writeBufferSizeBytes())
        .setMaxWriteBufferNumber(extra.maxWriteBufferNumber())
        .setLevelCompactionDynamicLevelBytes(extra.dynamicLevelBytes())
        .setOptimizeFiltersForHits(extra.optimizeFiltersForHits())
        .setParanoidFileChecks(false);
    applyCompression(cf, config.compression());
    blobSettings(cf);
    RocksDbPerformance.apply(config.performance(), cf);
    if (extra.prefixLength() > 0) {
      cf.useFixedLengthPrefixExtractor(extra.prefixLength());
    }

    DBOptions db = owner.own(walTrackingOptions());
    if (extra.rowCacheBytes() > 0) {
      db.setRowCache(owner.own(new LRUCache(extra.rowCacheBytes())));
    }
    db.setCreateIfMissing(config.createIfMissing())
        .setCreateMissingColumnFamilies(true)
        // Paranoid checks fail the open (and later writes) on any detected corruption instead of
        // carrying on; the recovery mode makes damage inside the write-ahead log one of those.
        .setParanoidChecks(true)
        .setWalRecoveryMode(extra.walRecoveryMode())
        .setStatistics(statistics)
        .setMaxOpenFiles(config.maxOpenFiles())
        .setMaxBackgroundJobs(backgroundJobs)
        .setBytesPerSync(extra.bytesPerSync())
        .setWalBytesPerSync(extra.walBytesPerSync())
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setKeepLogFileNum(4)
        .setMaxTotalWalSize(extra.maxTotalWalSize())
        .setStatsDumpPeriodSec(0);
    return new RocksDbTuning(statistics, cache, db, cf, extra);
  }

  /**
   * Database options that record the synced size of every write-ahead log in the MANIFEST, so that an
   * open notices a log that is missing or shorter than what was synced, which the recovery mode alone
   * would take for a log cut short by a kill. The option has no Java setter.
   */
  private static DBOptions walTrackingOptions() {
    Properties properties = new Properties();
    properties.setProperty("track_and_verify_wals_in_manifest", "true");
    DBOptions options = DBOptions.getDBOptionsFromProps(properties);
    if (options == null) {
      throw new IllegalStateException("RocksDB rejected track_and_verify_wals_in_manifest; the rocksdbjni version "
          + "on the classpath does not match the one this engine was built for");
    }
    return options;
  }

  /**
   * Column family options that keep recently flushed memtables for the optimistic transactions'
   * conflict check. Without that history, a transaction whose snapshot predates a flush cannot be
   * validated and fails with TryAgain even though nothing conflicts. Two write buffers is what
   * {@code OptimisticTransactionDB} picks by itself for the families it opens; setting it here gives
   * families created later the same. The option has no Java setter, so it goes through RocksDB's
   * own option parser.
   */
  private static ColumnFamilyOptions historyKeepingOptions(StorageConfig config) {
    Properties properties = new Properties();
    properties.setProperty("max_write_buffer_size_to_maintain", Long.toString(2 * config.writeBufferSizeBytes()));
    ColumnFamilyOptions options = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(properties);
    if (options == null) {
      throw new IllegalStateException("RocksDB rejected max_write_buffer_size_to_maintain; the rocksdbjni version "
          + "on the classpath does not match the one this engine was built for");
    }
    return options;
  }

  /**
   * How a family keeps its values in blob files once a hint turns them on ({@link #hintedOptions}):
   * values from {@link ColumnFamilyHint#LARGE_VALUE_BYTES} bytes, compressed as the upper levels'
   * tables are. Background compactions collect no blob garbage: relocating live blobs made the
   * state commit's compactions write twice the bytes, which took back what the blob files saved.
   * Explicit compactions collect it ({@link #BLOB_COLLECTION_ON}). Set at open because rocksdbjni
   * cannot pass a compression type to a running family.
   */
  private static void blobSettings(ColumnFamilyOptions cf) {
    cf.setMinBlobSize(ColumnFamilyHint.LARGE_VALUE_BYTES)
        .setBlobCompressionType(cf.compressionType())
        .setEnableBlobGarbageCollection(false);
  }

  /**
   * ZSTD is the space-optimised choice: it goes where most data ends up, the bottommost level, while
   * the upper levels, rewritten often by compaction, keep the cheaper LZ4.
   */
  private static void applyCompression(ColumnFamilyOptions cf, Compression compression) {
    switch (compression) {
      case NONE -> cf.setCompressionType(CompressionType.NO_COMPRESSION);
      case LZ4 -> cf.setCompressionType(CompressionType.LZ4_COMPRESSION);
      case SNAPPY -> cf.setCompressionType(CompressionType.SNAPPY_COMPRESSION);
      case ZSTD -> cf.setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
    }
  }
}
