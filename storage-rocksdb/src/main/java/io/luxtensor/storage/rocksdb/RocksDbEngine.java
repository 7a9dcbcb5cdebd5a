package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StoreClosedException;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.StorageEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.OptimisticTransactionOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteOptions;

/**
 * A store on native RocksDB, opened as an {@link OptimisticTransactionDB} (or read-only with
 * {@link RocksDB#openReadOnly}). Implements only the raw operations; the decorator in
 * {@code storage-api} does argument, state and bounds checks.
 *
 * <p>Concurrency: reads go straight to RocksDB, which is thread-safe. Writes pass a read-write gate:
 * <ul>
 *   <li>plain puts, deletes and batches take its shared side, and a drop of a column family its
 *       exclusive side, so "the family is not dropped" and the write are one atomic step: a batch
 *       touching a dropped family fails whole and applies nothing (RocksDB's own check comes after
 *       the WAL append and could apply part of a batch);
 *   <li>transaction commits take the exclusive side ({@link #commitGate()}). RocksDB validates an
 *       optimistic transaction in parallel mode, holding locks that only other transactions take,
 *       then writes; a plain write landing between the two would be overwritten without a
 *       conflict, a lost update. Commits therefore run one at a time and never beside a plain
 *       write. That is also what makes native range deletes safe beside transactions: RocksDB
 *       refuses them in the transaction layer for want of those locks, while its conflict check
 *       itself sees a range tombstone covering a written key.
 * </ul>
 *
 * <p>Ownership: everything native lives in one {@link NativeOwner} and is closed once, in reverse
 * order of creation, by {@link #close()}; cursors, snapshots and transactions own their own
 * objects and are closed by the decorator before the engine.
 */
final class RocksDbEngine implements StorageEngine {

  private final Path path;
  private final boolean readOnly;
  private final NativeOwner owner;
  private final RocksDbTuning tuning;
  private final RocksDB db;
  private final OptimisticTransactionDB transactionDb;
  /**
   * The database under the transaction layer, which plain writes go to; not owned (a view of
   * {@link #db}). The transaction layer passes plain writes straight through anyway, except that it
   * refuses batches with range tombstones for a race that {@link #commitGate()} closes (see the
   * class comment).
   */
  private final RocksDB baseDb;
  private final Map<String, RocksDbColumnFamily> families = new ConcurrentHashMap<>();
  private final ReadWriteLock writeGate = new ReentrantReadWriteLock();
  /** Held by callers outside the decorator (backups) so that close waits for them. */
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private final ReadOptions readOptions;
  private final WriteOptions asyncWrites;
  private final WriteOptions syncWrites;
  private final WriteOptions noWalWrites;
  private final FlushOptions flushOptions;
  private final CompactRangeOptions compactOptions;
  private final OptimisticTransactionOptions transactionOptions;
  private final WriteOptions transactionWrites;

  private RocksDbEngine(Path path, boolean readOnly, NativeOwner owner, RocksDbTuning tuning, RocksDB db,
      List<String> names, List<ColumnFamilyHandle> handles, boolean syncByDefault) {
    this.path = path;
    this.readOnly = readOnly;
    this.owner = owner;
    this.tuning = tuning;
    this.db = db;
    this.transactionDb = db instanceof OptimisticTransactionDB t ? t : null;
    this.baseDb = transactionDb == null ? db : transactionDb.getBaseDB();
    for (int i = 0; i < names.size(); i++) {
      families.put(names.get(i), new RocksDbColumnFamily(names.get(i), handles.get(i)));
    }
    this.readOptions = owner.own(new ReadOptions().setVerifyChecksums(true));
    this.asyncWrites = owner.own(new WriteOptions().setSync(false));
    this.syncWrites = owner.own(new WriteOptions().setSync(true));
    this.noWalWrites = owner.own(new WriteOptions().setDisableWAL(true));
    this.flushOptions = owner.own(new FlushOptions().setWaitForFlush(true));
    this.compactOptions = owner.own(new CompactRangeOptions()
        .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized));
    this.transactionOptions = owner.own(new OptimisticTransactionOptions().setSetSnapshot(true));
    this.transactionWrites = syncByDefault ? syncWrites : asyncWrites;
  }

  /** Opens the store {@code config} describes; see {@link RocksDbOpener}. */
  static RocksDbEngine open(StorageConfig config) {
    return RocksDbOpener.open(config, (path, owner, tuning, db, names, handles) ->
        new RocksDbEngine(path, config.readOnly(), owner, tuning, db, names, handles, config.syncWrites()));
  }

  Path path() {
    return path;
  }

  RocksDB db() {
    return db;
  }

  boolean autoPrefixMode() {
    return tuning.hasPrefixExtractor();
  }

  /**
   * Taken by a transaction's commit: the exclusive side of the write gate, so no plain write can land
   * between RocksDB's conflict check and the commit's write (see the class comment).
   */
  Lock commitGate() {
    return writeGate.writeLock();
  }

  @Override
  public List<EngineColumnFamily> columnFamilies() {
    return List.copyOf(families.values());
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    try {
      ColumnFamilyHandle handle = db.createColumnFamily(
          new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), tuning.columnFamilyOptions));
      owner.own(handle);
      RocksDbColumnFamily family = new RocksDbColumnFamily(name, handle);
      families.put(name, family);
      return family;
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "creating column family \"" + name + "\"", path);
    }
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    Lock gate = writeGate.writeLock();
    gate.lock();
    try {
      family.markDropped(true);
      db.dropColumnFamily(family.handle());
      families.remove(family.name(), family);
    } catch (RocksDBException e) {
      family.markDropped(false);
      throw RocksDbErrors.map(e, "dropping column family \"" + family.name() + "\"", path);
    } finally {
      gate.unlock();
    }
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return get(readOptions, (RocksDbColumnFamily) cf, key);
  }

  byte[] get(ReadOptions options, RocksDbColumnFamily cf, byte[] key) {
    try {
      return db.get(cf.handle(), options, key);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "reading a key of column family \"" + cf.name() + "\"", path);
    }
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    return multiGet(readOptions, (RocksDbColumnFamily) cf, keys);
  }

  List<byte[]> multiGet(ReadOptions options, RocksDbColumnFamily cf, List<byte[]> keys) {
    try {
      return db.multiGetAsList(options, Collections.nCopies(keys.size(), cf.handle()), keys);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "reading keys of column family \"" + cf.name() + "\"", path);
    }
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return cursor((RocksDbColumnFamily) cf, bounds, null);
  }

  EngineCursor cursor(RocksDbColumnFamily cf, Bounds bounds, Snapshot snapshot) {
    return RocksDbCursor.open(db, cf, bounds, snapshot, List.of(), autoPrefixMode(), path);
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, io.luxtensor.storage.WriteOptions options) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    Lock gate = writeGate.readLock();
    gate.lock();
    try {
      family.checkWritable();
      baseDb.put(family.handle(), nativeOptions(options), key, value);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "writing a key of column family \"" + family.name() + "\"", path);
    } finally {
      gate.unlock();
    }
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, io.luxtensor.storage.WriteOptions options) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    Lock gate = writeGate.readLock();
    gate.lock();
    try {
      family.checkWritable();
      baseDb.delete(family.handle(), nativeOptions(options), key);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "deleting a key of column family \"" + family.name() + "\"", path);
    } finally {
      gate.unlock();
    }
  }

  @Override
  public void write(EngineBatch batch, io.luxtensor.storage.WriteOptions options) {
    try (NativeBatch nativeBatch = NativeBatch.of(batch)) {
      Lock gate = writeGate.readLock();
      gate.lock();
      try {
        for (RocksDbColumnFamily family : nativeBatch.families()) {
          family.checkWritable();
        }
        baseDb.write(nativeOptions(options), nativeBatch.batch());
      } catch (RocksDBException e) {
        throw RocksDbErrors.map(e, "writing a batch of " + batch.size() + " operations", path);
      } finally {
        gate.unlock();
      }
    }
  }

  @Override
  public EngineSnapshot snapshot() {
    return RocksDbSnapshot.take(this);
  }

  @Override
  public EngineTransaction beginTransaction() {
    if (transactionDb == null) {
      throw new StorageException("the store at " + path + " is open read-only, so it cannot begin a transaction");
    }
    return RocksDbTransaction.begin(this, transactionDb.beginTransaction(transactionWrites, transactionOptions));
  }

  @Override
  public void checkpoint(Path target) {
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        java.nio.file.Files.createDirectories(parent);
      }
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "writing a checkpoint to " + target, path);
    } catch (java.io.IOException e) {
      throw new StorageException("cannot create the parent directory of checkpoint target " + target + ": " + e, e);
    }
  }

  @Override
  public void flush() {
    if (readOnly) {
      return; // nothing can be unflushed in a store that accepts no writes
    }
    try {
      db.flush(flushOptions, handles());
      db.flushWal(true);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "flushing", path);
    }
  }

  @Override
  public void compact(EngineColumnFamily cf, Bounds range) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    try {
      db.compactRange(family.handle(), range.lower(), range.upper(), compactOptions);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "compacting column family \"" + family.name() + "\"", path);
    }
  }

  @Override
  public EngineStats stats() {
    try {
      return RocksDbStats.read(db, tuning.statistics, tuning.cache);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "reading statistics", path);
    }
  }

  /**
   * Runs {@code action} on the open database, keeping {@link #close()} waiting until it returns. For
   * callers that do not go through the decorator, such as {@link RocksDbBackups}.
   */
  <T> T withOpenDatabase(String operation, DatabaseAction<T> action) {
    Lock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new StoreClosedException(operation + " failed: the store at " + path + " is closed");
      }
      return action.apply(db);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, operation, path);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    Lock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      OpenEngines.remove(this);
      owner.close();
    } finally {
      lock.unlock();
    }
  }

  private List<ColumnFamilyHandle> handles() {
    List<ColumnFamilyHandle> handles = new ArrayList<>(families.size());
    for (RocksDbColumnFamily family : families.values()) {
      handles.add(family.handle());
    }
    return handles;
  }

  private WriteOptions nativeOptions(io.luxtensor.storage.WriteOptions options) {
    if (options.disableWal()) {
      return noWalWrites;
    }
    return options.sync() ? syncWrites : asyncWrites;
  }

  /** Work on the raw database, for {@link #withOpenDatabase}. */
  @FunctionalInterface
  interface DatabaseAction<T> {
    T apply(RocksDB db) throws RocksDBException;
  }
}
