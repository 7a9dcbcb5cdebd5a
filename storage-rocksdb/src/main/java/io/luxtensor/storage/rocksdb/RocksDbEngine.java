package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.NativeBackups;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.Bounds;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.OptimisticTransactionOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
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
 *   <li>a batch with a range delete to the end of a family takes the exclusive side, because its end
 *       key is the family's last key as the batch applies (see {@link #write});
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
 * objects and are closed by the decorator before the engine. Native backups own their backup engine;
 * the decorator closes them before the engine too, and {@link #close()} closes any left, before the
 * database they read.
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
  /** Native backups handed out and not closed yet, closed by {@link #close()} if the caller has not. */
  private final Set<RocksDbNativeBackups> backups = new HashSet<>();
  private boolean closed;

  private final ReadOptions readOptions;
  private final SnapshotReadOptions snapshotReadOptions;
  private final WriteOptions asyncWrites;
  private final WriteOptions syncWrites;
  private final WriteOptions noWalWrites;
  private final FlushOptions flushOptions;
  private final CompactRangeOptions compactOptions;
  /** The families hinted {@link ColumnFamilyHint#LARGE_VALUES}, by name; also the lock of their explicit compactions. */
  private final Set<String> blobFamilies = ConcurrentHashMap.newKeySet();
  /** Orders hints, so that a family's options and its membership of {@link #blobFamilies} agree. */
  private final Object hintLock = new Object();
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
    this.snapshotReadOptions = owner.own(new SnapshotReadOptions());
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

  /** The API read cache the options ask for in front of this engine, 0 for none ({@code rocksdb.read_cache_bytes}). */
  long readCacheBytes() {
    return tuning.engineOptions.readCacheBytes();
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
      blobFamilies.remove(family.name()); // a family created again under the name starts unhinted
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
    return RocksDbCursor.open(db, cf, bounds, snapshot, autoPrefixMode(), path);
  }

  /**
   * Walks {@code range} with one native iterator that fills the block cache (which the shared read
   * options do as well, said here so it stays so) and reads ahead {@value #WARM_READAHEAD_BYTES}
   * bytes at a time, asynchronously where the file system allows, so a cold range is read in large
   * sequential requests instead of one block per request. Only the iterator moves: each move loads
   * the data block holding the entry, key and value, into the cache, and copying them to the heap
   * would warm nothing more. A checksum error fails the call, as it would a read.
   */
  @Override
  public long warm(EngineColumnFamily cf, Bounds range) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    // Declared so that try-with-resources closes the iterator first, then its options, then their bounds.
    try (Slice lower = range.lower() == null ? null : new Slice(range.lower());
        Slice upper = range.upper() == null ? null : new Slice(range.upper());
        ReadOptions options = warmOptions(lower, upper);
        RocksIterator iterator = db.newIterator(family.handle(), options)) {
      long entries = 0;
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        entries++;
      }
      iterator.status();
      return entries;
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "warming column family \"" + family.name() + "\"", path);
    }
  }

  /** The size of one read-ahead request of {@link #warm}: many blocks per request, yet small beside any cache. */
  static final long WARM_READAHEAD_BYTES = 2L << 20;

  private ReadOptions warmOptions(Slice lower, Slice upper) {
    ReadOptions options = new ReadOptions()
        .setVerifyChecksums(true)
        .setFillCache(true)
        .setReadaheadSize(WARM_READAHEAD_BYTES)
        .setAsyncIo(true)
        .setAutoPrefixMode(autoPrefixMode());
    if (lower != null) {
      options.setIterateLowerBound(lower);
    }
    if (upper != null) {
      options.setIterateUpperBound(upper);
    }
    return options;
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

  /**
   * Applies the batch under the shared side of the write gate, except a batch with a range delete to
   * the end of a family: RocksDB's range delete needs an end key, which is found from the family's last
   * key, and no other write may add a larger key between that look and the write, so such a batch takes
   * the exclusive side and is built again under it.
   */
  @Override
  public void write(EngineBatch batch, io.luxtensor.storage.WriteOptions options) {
    try (NativeBatch shared = NativeBatch.of(batch, null)) {
      if (!shared.needsLastKeys()) {
        Lock gate = writeGate.readLock();
        gate.lock();
        try {
          apply(shared, batch.size(), options);
        } finally {
          gate.unlock();
        }
        return;
      }
    }
    Lock gate = writeGate.writeLock();
    gate.lock();
    try (NativeBatch resolved = NativeBatch.of(batch, this::lastKey)) {
      apply(resolved, batch.size(), options);
    } finally {
      gate.unlock();
    }
  }

  /** Writes a built batch; the caller holds a side of the write gate. */
  private void apply(NativeBatch nativeBatch, int operations, io.luxtensor.storage.WriteOptions options) {
    try {
      for (RocksDbColumnFamily family : nativeBatch.families()) {
        family.checkWritable();
      }
      baseDb.write(nativeOptions(options), nativeBatch.batch());
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "writing a batch of " + operations + " operations", path);
    }
  }

  /** The largest key of {@code family} now, or {@code null} when it is empty; under the exclusive write gate. */
  private byte[] lastKey(RocksDbColumnFamily family) {
    try (EngineCursor cursor = cursor(family, Bounds.all(), null)) {
      cursor.seekToLast();
      return cursor.isValid() ? cursor.key() : null;
    }
  }

  @Override
  public EngineSnapshot snapshot() {
    return RocksDbSnapshot.take(this);
  }

  /** The pooled read options snapshots read at. */
  SnapshotReadOptions snapshotReadOptions() {
    return snapshotReadOptions;
  }

  @Override
  public EngineTransaction beginTransaction() {
    return beginTransaction(Isolation.SNAPSHOT);
  }

  /** Both levels: a serializable transaction records its reads and validates them under the commit gate. */
  @Override
  public boolean supports(Isolation isolation) {
    return true;
  }

  @Override
  public EngineTransaction beginTransaction(Isolation isolation) {
    if (transactionDb == null) {
      throw new StorageException("the store at " + path + " is open read-only, so it cannot begin a transaction");
    }
    return RocksDbTransaction.begin(this, transactionDb.beginTransaction(transactionWrites, transactionOptions), isolation);
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
  public void hint(EngineColumnFamily cf, Set<ColumnFamilyHint> hints) {
    if (readOnly) {
      return; // a read-only store writes no tables, so there is nothing to lay out
    }
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    boolean blobs = hints.contains(ColumnFamilyHint.LARGE_VALUES);
    synchronized (hintLock) {
      // Every family opens without blob files. SetOptions rewrites the OPTIONS file, so a store
      // opened by an owner that hints each of its families calls it only for what changes.
      if (blobs == blobFamilies.contains(family.name())) {
        return;
      }
      setOptions(family, RocksDbTuning.hintedOptions(hints), "for " + hints);
      if (blobs) {
        blobFamilies.add(family.name());
      } else {
        blobFamilies.remove(family.name());
      }
    }
  }

  @Override
  public void compact(EngineColumnFamily cf, Bounds range) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    if (!blobFamilies.contains(family.name())) {
      compactRange(family, range);
      return;
    }
    // Background compactions leave blobs where they are (relocating them costs more than the keys'
    // compaction saves); an explicit compaction is the caller asking for the space of deleted keys
    // back, so it also rewrites the live blobs of the range and frees the files that held the rest.
    synchronized (blobFamilies) {
      setOptions(family, RocksDbTuning.BLOB_COLLECTION_ON, "to collect blob garbage");
      try {
        compactRange(family, range);
      } finally {
        setOptions(family, RocksDbTuning.BLOB_COLLECTION_OFF, "after collecting blob garbage");
      }
    }
  }

  private void compactRange(RocksDbColumnFamily family, Bounds range) {
    try {
      db.compactRange(family.handle(), range.lower(), range.upper(), compactOptions);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "compacting column family \"" + family.name() + "\"", path);
    }
  }

  private void setOptions(RocksDbColumnFamily family, MutableColumnFamilyOptions options, String why) {
    try {
      db.setOptions(family.handle(), options);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "setting the options of column family \"" + family.name() + "\" " + why, path);
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
   * Backups of this store into {@code directory}. One handle per directory per store: two backup
   * engines writing one directory would overwrite each other's metadata.
   */
  @Override
  public NativeBackups nativeBackups(Path directory) {
    Path normalized = directory.toAbsolutePath().normalize();
    synchronized (backups) {
      for (RocksDbNativeBackups open : backups) {
        if (open.directory().equals(normalized)) {
          throw new StorageException("the backup directory " + directory + " is already open for the store at " + path
              + "; use that handle or close it first");
        }
      }
      RocksDbNativeBackups opened = RocksDbNativeBackups.open(this, normalized);
      backups.add(opened);
      return opened;
    }
  }

  /** Called by a {@link RocksDbNativeBackups} when it closes. */
  void forget(RocksDbNativeBackups closedBackups) {
    synchronized (backups) {
      backups.remove(closedBackups);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<RocksDbNativeBackups> leftovers;
    synchronized (backups) {
      leftovers = List.copyOf(backups);
    }
    RuntimeException failure = null;
    for (RocksDbNativeBackups open : leftovers) {
      try {
        open.close(); // the backup engine reads the database, so it goes first
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    try {
      owner.close();
    } catch (RuntimeException e) {
      if (failure != null) {
        e.addSuppressed(failure);
      }
      throw e;
    }
    if (failure != null) {
      throw failure;
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

}
