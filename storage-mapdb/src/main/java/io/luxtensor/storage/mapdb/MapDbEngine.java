package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.TransactionWrites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * An open MapDB store: one transactional MapDB database holding a B-tree per column family, a
 * registry of family names, and the last committed sequence number. See the package documentation
 * for the versioning scheme. Thread-safe: reads run concurrently with each other and with the one
 * writer at a time that the write lock admits.
 */
final class MapDbEngine implements StorageEngine {

  private static final String FAMILIES = "lux.families";
  private static final String SEQUENCE = "lux.sequence";
  private static final String NEXT_FAMILY_ID = "lux.next_family_id";
  /** Keys pruned per commit of {@link #compact}. */
  static final int COMPACT_CHUNK = 1024;
  /** Collected changes after which a closing reader commits them rather than wait for a write. */
  static final int COMMIT_COLLECTED_AFTER = 4 * VersionCollector.BUDGET;

  private final DB db;
  private final Path file;
  private final MapDbOptions options;
  private final boolean readOnly;
  private final BTreeMap<String, Long> registry;
  private final Atomic.Long sequence;
  private final Atomic.Long nextFamilyId;
  private final Map<String, MapDbColumnFamily> families = new ConcurrentHashMap<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReaderRegistry readers = new ReaderRegistry();
  private final VersionCollector collector = new VersionCollector();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The newest sequence whose writes are committed and visible; advanced only under the write lock. */
  private volatile long committed;
  /** Changes of the collector the database holds uncommitted; under the write lock. */
  private int uncommitted;
  /** Commits so far, for tests of how work is split into commits; under the write lock. */
  private long commits;

  private MapDbEngine(DB db, Path file, MapDbOptions options, StorageConfig config) {
    this.db = db;
    this.file = file;
    this.options = options;
    // A temporary store has nothing to protect from writes but its own creation; the decorator
    // rejects writes to it, read-only or not.
    this.readOnly = config.readOnly() && file != null;
    this.registry = readOnly ? db.treeMap(FAMILIES, Serializer.STRING, Serializer.LONG).open()
        : db.treeMap(FAMILIES, Serializer.STRING, Serializer.LONG).createOrOpen();
    this.sequence = readOnly ? db.atomicLong(SEQUENCE).open() : db.atomicLong(SEQUENCE).createOrOpen();
    this.nextFamilyId = readOnly ? db.atomicLong(NEXT_FAMILY_ID).open() : db.atomicLong(NEXT_FAMILY_ID).createOrOpen();
    this.committed = sequence.get();
    registry.forEach((name, id) -> families.put(name, new MapDbColumnFamily(name, id, tree(id))));
    for (String name : config.columnFamilies()) {
      if (!families.containsKey(name)) {
        if (readOnly) {
          throw new StorageException("column family \"" + name + "\" does not exist in the read-only MapDB store "
              + file + "; open it writable once to create it, or leave it out of StorageConfig.columnFamilies");
        }
        families.put(name, newFamily(name));
      }
    }
    if (!readOnly) {
      clearOrphanTrees();
      db.commit();
    }
  }

  /** Opens the store {@code config} describes; the one entry point of {@link MapDbEngineProvider}. */
  static MapDbEngine open(StorageConfig config) {
    MapDbOptions options = MapDbOptions.of(config);
    Path file = config.path() == null ? null : MapDbFiles.prepare(config);
    if (file != null) {
      StoreRewrite.settle(file, config.readOnly());
    }
    if (file != null && !config.readOnly()) {
      // Built aside and renamed into place whole: a kill during the first open never leaves half a store.
      StoreDirectory.createIfMissing(file, scratch -> openAt(scratch, options, config).close());
    }
    return openAt(file, options, config);
  }

  private static MapDbEngine openAt(Path file, MapDbOptions options, StorageConfig config) {
    DB db;
    try {
      db = MapDbFiles.make(file, options, config.readOnly());
    } catch (RuntimeException | AssertionError e) {
      throw MapDbErrors.map(e, "open", file);
    }
    try {
      return new MapDbEngine(db, file, options, config);
    } catch (RuntimeException | AssertionError e) {
      StorageException mapped = MapDbErrors.map(e, "open", file);
      try {
        db.close();
      } catch (RuntimeException closeError) {
        mapped.addSuppressed(closeError);
      }
      throw mapped;
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    try {
      byte[] chain = tree(cf).get(key);
      // The sequence is read after the chain: every version at or below it that matters is in the
      // chain (pruning keeps the newest one at or below any sequence a reader may hold), so the
      // answer is the state as of a commit between the two reads.
      return chain == null ? null : VersionChain.visible(key, chain, committed);
    } catch (RuntimeException | AssertionError e) {
      throw MapDbErrors.map(e, "read", file);
    }
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    long seq = register();
    try {
      List<byte[]> values = new ArrayList<>(keys.size());
      for (byte[] key : keys) {
        values.add(getAt(cf, key, seq));
      }
      return values;
    } finally {
      release(seq);
    }
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return cursorAt(cf, bounds, register());
  }

  @Override
  public EngineSnapshot snapshot() {
    return new MapDbSnapshot(this, register());
  }

  @Override
  public EngineTransaction beginTransaction() {
    return new MapDbTransaction(this, register(), Isolation.SNAPSHOT);
  }

  @Override
  public boolean supports(Isolation isolation) {
    return true;
  }

  @Override
  public EngineTransaction beginTransaction(Isolation isolation) {
    return new MapDbTransaction(this, register(), isolation);
  }

  /** The value of {@code key} as of sequence {@code seq}, which the caller holds registered. */
  byte[] getAt(EngineColumnFamily cf, byte[] key, long seq) {
    try {
      byte[] chain = tree(cf).get(key);
      return chain == null ? null : VersionChain.visible(key, chain, seq);
    } catch (RuntimeException | AssertionError e) {
      throw MapDbErrors.map(e, "read", file);
    }
  }

  /** A cursor at {@code seq}, which the caller registered and the cursor releases on close. */
  EngineCursor cursorAt(EngineColumnFamily cf, Bounds bounds, long seq) {
    return new MapDbCursor(tree(cf), seq, bounds, () -> release(seq), file);
  }

  /**
   * Registers a reader at the last committed sequence and returns it. The retry closes the race with
   * a writer that computes the horizon between our read of {@code committed} and the registration:
   * if {@code committed} is unchanged after registering, every later horizon sees us.
   */
  long register() {
    while (true) {
      long seq = committed;
      readers.add(seq);
      if (committed == seq) {
        return seq;
      }
      readers.remove(seq);
    }
  }

  /** Registers one more reader at {@code seq}, which an open snapshot already holds. */
  long registerAt(long seq) {
    readers.add(seq);
    return seq;
  }

  /**
   * Unregisters a reader and collects (one bounded step of) the versions only it still held, unless
   * a writer is busy (the writer collects them at its next batch). The collected changes ride on the
   * next commit, unless {@value #COMMIT_COLLECTED_AFTER} or more wait already: then they are
   * committed here, so that many readers closing between two writes never pile up an unbounded
   * commit.
   */
  void release(long seq) {
    readers.remove(seq);
    if (!readOnly && writeLock.tryLock()) {
      try {
        if (!closed.get() && collector.hasWaitingDue(readers.oldest(committed))) {
          collectDeferringFailure();
          if (uncommitted >= COMMIT_COLLECTED_AFTER) {
            commit(committed, () -> { }, "commit collected old versions");
          }
        }
      } catch (StorageException e) {
        // Rolled back: the pruning is lost, which leaves only versions no reader sees (see collect).
      } finally {
        writeLock.unlock();
      }
    }
  }

  // ---- writes ------------------------------------------------------------------------------

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    write(EngineBatch.ofPut(cf, key, value), options);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    write(EngineBatch.ofDelete(cf, key), options);
  }

  /**
   * Applies the batch as versions at the next sequence, commits (every commit fsyncs the store's
   * journal, so sync and async writes are equally durable), and only then publishes the
   * sequence to readers. On any failure the transaction is rolled back and nothing is visible.
   */
  @Override
  public void write(EngineBatch batch, WriteOptions options) {
    write(batch, -1);
  }

  /**
   * {@link #write(EngineBatch, WriteOptions)}, failing with {@link TransactionConflictException} when
   * {@code readSeq >= 0} and a key the batch writes was committed after sequence {@code readSeq}.
   */
  void write(EngineBatch batch, long readSeq) {
    commitTransaction(batch, readSeq, null);
  }

  /**
   * Commits a transaction's {@code writes} read at {@code readSeq}: {@link #write(EngineBatch, long)}
   * that, for a serializable transaction, first checks its reads against the latest state.
   */
  void commit(TransactionWrites writes, long readSeq) {
    commitTransaction(writes.asBatch(), readSeq, writes);
  }

  private void commitTransaction(EngineBatch batch, long readSeq, TransactionWrites reads) {
    writeLock.lock();
    try {
      if (reads != null) {
        // Under the write lock the live view is the latest commit, and stays so until this one.
        reads.checkReads(this);
      }
      writeLocked(batch, readSeq);
    } catch (RuntimeException | AssertionError e) {
      throw MapDbErrors.map(e, "write a batch", file);
    } finally {
      writeLock.unlock();
    }
  }

  private void writeLocked(EngineBatch batch, long readSeq) {
    Batches.checkFamilies(batch);
    if (readSeq >= 0) {
      Batches.checkNoConflict(batch, readSeq);
    }
    collectGarbage();
    long seq = committed + 1;
    BatchApplier applier = new BatchApplier(seq, readers.sequences(committed));
    commit(seq, () -> batch.forEach(applier), "write a batch");
    applier.garbage().forEach((cf, keys) -> collector.add(cf, keys, seq));
    // Right away, so chains are as short as the open readers allow between writes; the pruning
    // rides on the next commit.
    collectDeferringFailure();
  }

  @Override
  public List<EngineColumnFamily> columnFamilies() {
    List<EngineColumnFamily> list = new ArrayList<>(families.values());
    list.sort(Comparator.comparing(EngineColumnFamily::name));
    return list;
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    writeLock.lock();
    try {
      MapDbColumnFamily[] created = new MapDbColumnFamily[1];
      commit(committed, () -> created[0] = newFamily(name), "create column family \"" + name + "\"");
      families.put(name, created[0]);
      return created[0];
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Unregisters the family at a new sequence; its tree is cleared once no reader older than that
   * sequence remains, so iterators opened before the drop keep their view. MapDB leaves the cleared
   * records' bytes in the file's free space, so the store is rewritten at close ({@link StoreRewrite}).
   */
  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    MapDbColumnFamily family = (MapDbColumnFamily) cf;
    writeLock.lock();
    try {
      if (file != null) {
        StoreRewrite.request(file); // the rewrite at close that takes the family's bytes off the disk
      }
      long seq = committed + 1;
      commit(seq, () -> registry.remove(family.name()), "drop column family \"" + family.name() + "\"");
      family.markDropped();
      families.remove(family.name(), family);
      collector.addDroppedTree(family, seq);
      collectDeferringFailure();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Copies the store as of now to a new store at {@code target} ({@link MapDbCheckpoint}): the read
   * sequence is registered and the live families listed under the write lock, so they agree.
   */
  @Override
  public void checkpoint(Path target) {
    long seq;
    List<MapDbColumnFamily> live;
    writeLock.lock();
    try {
      seq = register();
      live = new ArrayList<>(families.values());
    } finally {
      writeLock.unlock();
    }
    try {
      MapDbCheckpoint.copy(this, seq, live, options, target);
    } finally {
      release(seq);
    }
  }

  @Override
  public void flush() {
    if (readOnly) {
      return;
    }
    writeLock.lock();
    try {
      collectAllDue("flush");
    } catch (RuntimeException | AssertionError e) {
      throw MapDbErrors.map(e, "flush", file);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Prunes every version no open reader needs from the keys of {@code range}, one commit per
   * {@value #COMPACT_CHUNK} keys: a commit's changes wait in memory until it ends (MapDB's log and
   * the engine's page journal), so one commit for a whole family would need memory in proportion to
   * the family. Writers run between the chunks; a kill between them loses nothing (pruning only
   * removes versions no reader can see). Stops early when the family is dropped meanwhile.
   */
  @Override
  public void compact(EngineColumnFamily cf, Bounds range) {
    MapDbColumnFamily family = (MapDbColumnFamily) cf;
    String action = "compact column family \"" + family.name() + "\"";
    try {
      Batches.forEachKeyChunk(family.tree, range.lower(), range.upper(), COMPACT_CHUNK, keys -> {
        writeLock.lock();
        try {
          if (family.isDropped() || closed.get()) {
            return;
          }
          long[] keep = readers.sequences(committed);
          commit(committed, () -> keys.forEach(key -> VersionCollector.prune(family.tree, key, keep)), action);
        } finally {
          writeLock.unlock();
        }
      });
    } catch (RuntimeException | AssertionError e) {
      throw MapDbErrors.map(e, action, file);
    }
  }

  @Override
  public EngineStats stats() {
    long disk = file == null ? -1 : MapDbFiles.diskUsage(file);
    return new EngineStats(disk, -1, Double.NaN, -1, Map.of(
        "mapdb.sequence", committed,
        "mapdb.open_readers", (long) readers.size(),
        "mapdb.pending_version_gc", (long) pendingGarbage()));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    StorageException failure = null;
    boolean rewritten = false;
    writeLock.lock();
    try {
      if (!readOnly) {
        collectAllDue("commit on close");
        if (file != null && StoreRewrite.requested(file)) {
          StoreRewrite.copyAside(this, committed, new ArrayList<>(families.values()), options, file);
          rewritten = true;
        }
      }
    } catch (RuntimeException | AssertionError e) {
      failure = MapDbErrors.map(e, "commit on close", file);
    } finally {
      try {
        db.close();
      } catch (RuntimeException | AssertionError e) {
        StorageException mapped = MapDbErrors.map(e, "close", file);
        if (failure == null) {
          failure = mapped;
        } else {
          failure.addSuppressed(mapped);
        }
      }
      writeLock.unlock();
    }
    if (failure != null) {
      throw failure;
    }
    if (rewritten) {
      StoreRewrite.finish(file);
    }
  }

  // ---- internals ---------------------------------------------------------------------------

  /** Commits since open; for tests. */
  long commits() {
    writeLock.lock();
    try {
      return commits;
    } finally {
      writeLock.unlock();
    }
  }

  /** Versions collectable at the current horizon; for tests. */
  int pendingGarbage() {
    writeLock.lock();
    try {
      return collector.pending();
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs {@code change}, stores {@code seq}, commits and publishes it; rolls back on failure. */
  private void commit(long seq, Runnable change, String action) {
    try {
      change.run();
      if (seq != committed) {
        sequence.set(seq);
      }
      db.commit();
    } catch (RuntimeException | AssertionError e) {
      StorageException mapped = MapDbErrors.map(e, action, file);
      try {
        db.rollback();
      } catch (RuntimeException rollbackError) {
        mapped.addSuppressed(rollbackError);
      }
      uncommitted = 0; // the rollback also undid the collector's uncommitted pruning
      throw mapped;
    }
    uncommitted = 0;
    commits++;
    committed = seq;
  }

  /**
   * Collects everything due, one bounded step per commit, so that the memory a commit needs stays
   * bounded however much waited (a dropped family's whole tree, say); commits the rest too.
   */
  private void collectAllDue(String action) {
    do {
      collectGarbage();
      if (uncommitted > 0) {
        commit(committed, () -> { }, action);
      }
    } while (collector.hasWork(readers.oldest(committed)));
  }

  /**
   * Collects after a commit or a reader's close, where a failure must not be reported: the batch is
   * committed, the reader released. The failed pruning is rolled back (it was not committed), its
   * entries stay queued, and the next write retries them before applying anything, so a lasting
   * failure surfaces there, failing that write whole.
   */
  private void collectDeferringFailure() {
    try {
      collectGarbage();
    } catch (RuntimeException | AssertionError e) {
      try {
        db.rollback();
        uncommitted = 0;
      } catch (RuntimeException rollbackError) {
        e.addSuppressed(rollbackError);
        throw MapDbErrors.map(e, "undo a failed collection of old versions", file);
      }
    }
  }

  private void collectGarbage() {
    if (collector.hasWork(readers.oldest(committed))) {
      uncommitted += collector.collect(readers.sequences(committed));
    }
  }

  private MapDbColumnFamily newFamily(String name) {
    long id = nextFamilyId.incrementAndGet();
    BTreeMap<byte[], byte[]> tree = tree(id);
    registry.put(name, id);
    return new MapDbColumnFamily(name, id, tree);
  }

  private BTreeMap<byte[], byte[]> tree(long id) {
    // Values stay inside the leaf nodes: a cursor walks copies of whole leaves, which a concurrent
    // removal cannot invalidate, whereas values in records of their own can be freed (and the record
    // ids reused) under a cursor that still holds the leaf pointing at them.
    DB.TreeMapMaker<byte[], byte[]> maker = db.treeMap(MapDbColumnFamily.treeName(id), UnsignedKeySerializer.INSTANCE,
        Serializer.BYTE_ARRAY).maxNodeSize(options.nodeSize());
    return readOnly ? maker.open() : maker.createOrOpen();
  }

  private static BTreeMap<byte[], byte[]> tree(EngineColumnFamily cf) {
    return ((MapDbColumnFamily) cf).tree;
  }

  /** Clears trees of families dropped before a crash (or a close) let the collector clear them. */
  private void clearOrphanTrees() {
    List<Long> live = new ArrayList<>(registry.values());
    for (String name : db.getAllNames()) {
      if (name.startsWith("lux.cf.")) {
        long id = Long.parseLong(name.substring("lux.cf.".length()));
        if (!live.contains(id)) {
          BTreeMap<byte[], byte[]> orphan = tree(id);
          while (!orphan.isEmpty()) { // in bounded commits, as the collector does
            VersionCollector.removeSome(orphan, VersionCollector.BUDGET);
            db.commit();
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return "MapDbEngine[" + (file == null ? "temporary" : file) + ", sequence " + committed + "]";
  }
}
