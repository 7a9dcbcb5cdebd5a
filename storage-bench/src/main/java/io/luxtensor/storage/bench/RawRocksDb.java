package io.luxtensor.storage.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.OptimisticTransactionOptions;
import org.rocksdb.OptionsUtil;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;
import org.rocksdb.Transaction;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The raw side of the RocksDB benchmarks: an {@link OptimisticTransactionDB} in its own directory,
 * opened with the options RocksDB itself recorded for the API's store (its latest OPTIONS file:
 * compression, write buffers, compaction, background jobs), so that both sides run the same tuning
 * without a hand-made copy that could drift. The one exception is the table format: RocksDB does not
 * record the block cache in that file (a loaded table format gets a fresh default 32 MiB cache), so
 * the table format and its cache are rebuilt from {@link RocksDbTableTuning}, which states the
 * engine's defaults and options. It gets its own {@link Statistics}, as the engine has. Used by one
 * benchmark thread; closed once.
 */
final class RawRocksDb implements AutoCloseable {

  final OptimisticTransactionDB db;
  final WriteOptions async = new WriteOptions();
  final WriteOptions writes;
  final ReadOptions reads = new ReadOptions();
  private final DBOptions options = new DBOptions();
  private final List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Statistics statistics = new Statistics();
  private final OptimisticTransactionOptions transactionOptions = new OptimisticTransactionOptions().setSetSnapshot(true);
  private final ReadOptions snapshotReads = new ReadOptions();

  private final RocksDbTableTuning table;

  private RawRocksDb(Path apiStore, Path directory, boolean sync, RocksDbTableTuning tuning) throws RocksDBException {
    try (ConfigOptions config = new ConfigOptions()) {
      OptionsUtil.loadLatestOptions(config, apiStore.toString(), options, descriptors);
    }
    table = tuning;
    for (ColumnFamilyDescriptor descriptor : descriptors) {
      descriptor.getOptions().setTableFormatConfig(tuning.tableConfig());
    }
    if (tuning.rowCache() != null) {
      options.setRowCache(tuning.rowCache());
    }
    options.setStatistics(statistics).setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    db = OptimisticTransactionDB.open(options, directory.toString(), descriptors, handles);
    writes = new WriteOptions().setSync(sync);
  }

  /** Opens a raw database in {@code directory} with the options of the store at {@code apiStore}. */
  static RawRocksDb openLike(Path apiStore, Path directory, boolean sync, RocksDbTableTuning tuning) {
    try {
      return new RawRocksDb(apiStore, directory, sync, tuning);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot open the raw RocksDB at " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Writes every key with {@code value} in batches of 1,000, then flushes. */
  void load(byte[][] keys, byte[] value) {
    try {
      for (int i = 0; i < keys.length; i += 1000) {
        try (WriteBatch batch = new WriteBatch()) {
          for (int j = i; j < Math.min(keys.length, i + 1000); j++) {
            batch.put(keys[j], value);
          }
          db.write(async, batch);
        }
      }
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.flush(flush);
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Compacts everything as the engine's {@code compact} does, rewriting the bottommost level: a
   * trivial move would keep the tables' readers opened while they were in L0, with their index and
   * filter pinned, which the API side's tables are not.
   */
  void compact() {
    try (CompactRangeOptions rewrite = new CompactRangeOptions()
        .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized)) {
      db.compactRange(handles.get(0), null, null, rewrite);
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A transaction of one put, committed: what the API's commit benchmark does. */
  void commitOne(byte[] key, byte[] value) throws RocksDBException {
    try (Transaction tx = db.beginTransaction(writes, transactionOptions)) {
      tx.put(key, value);
      tx.commit();
    }
  }

  /** Takes a snapshot, reads one key through it and releases it. */
  byte[] snapshotGet(byte[] key) throws RocksDBException {
    Snapshot snapshot = db.getSnapshot();
    try {
      snapshotReads.setSnapshot(snapshot);
      return db.get(snapshotReads, key);
    } finally {
      snapshotReads.setSnapshot(null);
      db.releaseSnapshot(snapshot);
    }
  }

  /** {@code n} copies of the default family's handle, for {@code multiGetAsList}. */
  List<ColumnFamilyHandle> families(int n) {
    return Collections.nCopies(n, handles.get(0));
  }

  /** The block cache counters of this database, in the engine's property names. */
  CacheCounters cacheCounters() {
    return new CacheCounters(
        statistics.getTickerCount(TickerType.BLOCK_CACHE_INDEX_HIT), statistics.getTickerCount(TickerType.BLOCK_CACHE_INDEX_MISS),
        statistics.getTickerCount(TickerType.BLOCK_CACHE_FILTER_HIT), statistics.getTickerCount(TickerType.BLOCK_CACHE_FILTER_MISS),
        statistics.getTickerCount(TickerType.BLOCK_CACHE_DATA_HIT), statistics.getTickerCount(TickerType.BLOCK_CACHE_DATA_MISS));
  }

  @Override
  public void close() {
    for (ColumnFamilyHandle handle : handles) {
      handle.close();
    }
    db.close();
    for (AutoCloseable closeable : List.<AutoCloseable>of(transactionOptions, snapshotReads, reads, writes, async, options,
        statistics)) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    for (ColumnFamilyDescriptor descriptor : descriptors) {
      descriptor.getOptions().close();
    }
    table.close();
  }

  /** Unused by the benchmarks; keeps the raw database's identity in JMH's output readable. */
  @Override
  public String toString() {
    return "raw " + RocksDB.class.getSimpleName();
  }
}
