package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.PerformanceConfig;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.CachingEngine;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.rocksdb.RocksDB;

/**
 * The RocksDB engine, named {@code "rocksdb"}: the primary, highest-priority (400) engine, on
 * rocksdbjni. Select it with {@code StorageConfig.builder().engine("rocksdb")}, or simply put this jar
 * on the classpath.
 *
 * <p>Everything runs on native RocksDB: column families, atomic {@code WriteBatch}es across them,
 * bounded native iterators, native snapshots, optimistic transactions
 * ({@code OptimisticTransactionDB}), native {@code DeleteRange}, {@code Checkpoint}s, flush and
 * compaction, and incremental backups ({@code store.nativeBackups(directory)}, over RocksDB's
 * {@code BackupEngine}). {@link StorageConfig}'s tuning values map to RocksDB options (shared LRU
 * block cache, write buffer, open files, compression, block size, full bloom filter); engine options
 * under {@code rocksdb.} are {@code max_background_jobs}, {@code bytes_per_sync},
 * {@code wal_bytes_per_sync}, {@code level_compaction_dynamic_level_bytes},
 * {@code prefix_extractor_length}, {@code optimize_filters_for_hits}, {@code max_write_buffer_number},
 * {@code max_total_wal_size}, {@code cache_index_and_filter_blocks}, {@code partition_index_and_filters},
 * {@code high_priority_pool_ratio}, {@code row_cache_bytes}, {@code read_cache_bytes} and
 * {@code wal_recovery_mode}; any other name under the prefix is rejected with
 * {@link IllegalArgumentException} when the store opens. Every {@link PerformanceConfig} setting is
 * honoured, on every column family.
 *
 * <p>Caches: the block cache ({@link StorageConfig#cacheSizeBytes()}) holds data blocks and, in its
 * high-priority half, the index and filter partitions. In front of the engine sits the API's
 * {@link CachingEngine} ({@code rocksdb.read_cache_bytes}, 32 MiB of heap by default, 0 turns it off): a
 * hot {@code get} is answered in Java without crossing JNI, kept coherent with every write.
 *
 * <p>Durability: a write acknowledged with {@code sync} is in the fsynced write-ahead log. An open
 * replays the log and accepts a log cut short at its end (what a kill in the middle of an append
 * leaves); damage anywhere else in the log fails the open with a
 * {@link io.luxtensor.storage.CorruptionException} naming the log, rather than opening without the
 * writes logged after the damage ({@code rocksdb.wal_recovery_mode=point_in_time} opens so, for
 * salvage). Every block of every table file carries a checksum, verified on every read.
 *
 * <p>A config without a path opens a temporary store in a fresh directory deleted on close. A
 * read-only config opens an existing database read-only, which needs no lock, so it may run alongside
 * a process that writes; it never creates one.
 *
 * <p>Thread-safe; the constructor does no work (the native library loads on the first open).
 */
public final class RocksDbEngineProvider implements StorageEngineProvider {

  /**
   * RocksDB itself accepts keys up to 4 GiB, but every key is copied through JNI, held whole in the
   * memtable and repeated in index blocks, so huge keys cost memory and time for nothing; 8 MiB is
   * far above any real key (hashes, composite keys) and still safe to hold several times in memory.
   */
  static final int MAX_KEY_SIZE = 8 << 20;

  private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
      Capability.TRANSACTIONS, Capability.CHECKPOINTS, Capability.RANGE_DELETE_NATIVE, Capability.COMPRESSION,
      Capability.PERSISTENT, Capability.DISABLE_WAL, Capability.NATIVE_BACKUP, Capability.SERIALIZABLE_TRANSACTIONS));

  private static final Set<PerformanceConfig.Setting> PERFORMANCE_SETTINGS =
      Collections.unmodifiableSet(EnumSet.allOf(PerformanceConfig.Setting.class));

  /** Does nothing; the native library is loaded when a store is opened. */
  public RocksDbEngineProvider() {}

  @Override
  public String name() {
    return "rocksdb";
  }

  /** The version of the native RocksDB library, such as {@code "11.8.1"}; loads the library. */
  @Override
  public String version() {
    RocksDB.loadLibrary();
    return RocksDB.rocksdbVersion().toString();
  }

  @Override
  public int priority() {
    return 400;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public int maxKeySize() {
    return MAX_KEY_SIZE;
  }

  /**
   * Every setting: background jobs, the three level-0 triggers, the target file size and level 1's
   * size, on every column family (see {@code RocksDbPerformance}). {@code PerformanceConfig}'s
   * background jobs and {@code rocksdb.max_background_jobs} may not both be set to different values.
   */
  @Override
  public Set<PerformanceConfig.Setting> performanceSettings() {
    return PERFORMANCE_SETTINGS;
  }

  @Override
  public StorageEngine open(StorageConfig config) {
    RocksDbEngine engine = RocksDbEngine.open(config);
    long readCacheBytes = engine.readCacheBytes();
    return CachingEngine.wrap(engine, readCacheBytes);
  }
}
