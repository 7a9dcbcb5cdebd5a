package io.luxtensor.storage.lmdb;

import static org.lmdbjava.DbiFlags.MDB_CREATE;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.PrivateFiles;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.TransactionWrites;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lmdbjava.CopyFlags;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvInfo;
import org.lmdbjava.Txn;

/**
 * The LMDB engine: one environment, one named database per column family.
 *
 * <p>Locks, always taken in this order: {@code writer} serializes this process's write transactions
 * (LMDB admits one writer anyway) and column family creation and drops; the {@link LmdbMap} stamp
 * keeps the map from moving under a native call. Writes that find the map full release both the
 * transaction and the stamp, grow the map, and retry the whole batch.
 *
 * <p>Durability: asynchronous commits reach the page cache, which survives a killed process; synced
 * commits are LMDB's own fully synced commit ({@link LmdbDurability}); {@link #flush()} forces every
 * earlier commit to disk.
 *
 * <p>Transactions ({@link LmdbTransaction}) buffer their writes over a snapshot and commit them in one
 * write transaction, after checking under the writer lock that no commit since their snapshot wrote
 * one of their keys: this process's commits by the {@link WriteLog}, other processes' (when the log
 * saw any) by comparing each key's value in the snapshot with its value now.
 */
final class LmdbEngine implements StorageEngine {

  private final Env<ByteBuffer> env;
  private final LmdbPaths paths;
  private final LmdbOptions options;
  private final boolean readOnly;
  private final LmdbMap map;
  private final LmdbReaders readers;
  private final LmdbDurability durability;
  private final LmdbWriter writer = new LmdbWriter();
  private final WriteLog log = new WriteLog();
  private final boolean syncCommits;
  private final ReentrantLock writerLock = new ReentrantLock();
  private final Map<String, LmdbColumnFamily> families = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong();

  private LmdbEngine(Env<ByteBuffer> env, LmdbPaths paths, LmdbOptions options, boolean readOnly, boolean syncCommits) {
    this.env = env;
    this.syncCommits = syncCommits;
    this.paths = paths;
    this.options = options;
    this.readOnly = readOnly;
    this.map = new LmdbMap(env, paths.where());
    this.readers = new LmdbReaders(env);
    this.durability = new LmdbDurability(env, paths.where());
  }

  /**
   * Wraps an open environment and opens (creating, when writable) the configured column families;
   * {@code syncCommits}: transactions commit durably.
   */
  static LmdbEngine open(Env<ByteBuffer> env, LmdbPaths paths, LmdbOptions options, boolean readOnly,
      boolean syncCommits, List<String> configured) {
    LmdbEngine engine = new LmdbEngine(env, paths, options, readOnly, syncCommits);
    try {
      // frees reader slots a killed process left behind; a stale slot keeps its old pages from reuse
      env.readerCheck();
    } catch (RuntimeException e) {
      throw engine.error(e, "clearing stale readers");
    }
    engine.checkPages();
    engine.openFamilies(configured);
    return engine;
  }

  /**
   * Checks the B-tree pages of a data file of at most {@link LmdbOptions#checkPagesUpTo()} bytes in Java
   * ({@link PageCheck}) before LMDB reads any of them, which it does first when it lists the column
   * families. The read transaction keeps the checked pages from reuse by writers in other processes.
   */
  private void checkPages() {
    long size = paths.dataFileSize();
    if (size < 0 || size > options.checkPagesUpTo()) {
      return;
    }
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      PageCheck.check(paths.directory().resolve(LmdbPaths.DATA_FILE), env.stat().pageSize, txn.getId(), paths.where());
    } catch (RuntimeException e) {
      throw error(e, "checking the pages of the data file");
    }
  }

  /** The store's directory (a temporary one for a temporary store). */
  Path directory() {
    return paths.directory();
  }

  LmdbMap map() {
    return map;
  }

  /** Maps an error raised during {@code operation} (see {@link LmdbErrors}). */
  StorageException error(RuntimeException e, String operation) {
    return LmdbErrors.map(e, operation, paths.where());
  }

  @Override
  public List<EngineColumnFamily> columnFamilies() {
    return List.copyOf(families.values());
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    writerLock.lock();
    try {
      AtomicReference<Dbi<ByteBuffer>> dbi = new AtomicReference<>();
      // an attempt that found the map full was aborted, and LMDB closed the handle it opened
      inWriteTxn("createColumnFamily", true, null,
          txn -> dbi.set(env.openDbi(txn, name.getBytes(StandardCharsets.UTF_8), null, false, MDB_CREATE)));
      // the generation is taken after the commit: a snapshot with an older one cannot see the database
      LmdbColumnFamily family = new LmdbColumnFamily(name, dbi.get(), generations.incrementAndGet(), paths.where());
      families.put(name, family);
      return family;
    } finally {
      writerLock.unlock();
    }
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    LmdbColumnFamily family = (LmdbColumnFamily) cf;
    writerLock.lock();
    try {
      family.checkLive();
      // exclusive: LMDB frees the handle slot at once and reuses it for the next family created,
      // so no reader may sit between its liveness check and its use of the handle
      long stamp = map.enterExclusive();
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        log.writeBegan(txn.getId());
        // LMDB closes the handle inside mdb_drop, even if the commit then fails: from here on the
        // handle is unusable whatever happens, and a reopen shows whether the drop was committed
        family.markDropped();
        families.remove(family.name(), family);
        family.dbi().drop(txn, true);
        txn.commit();
        log.committed(txn.getId(), null);
      } catch (RuntimeException e) {
        throw error(e, "dropColumnFamily(\"" + family.name() + "\")");
      } finally {
        map.exitExclusive(stamp);
      }
    } finally {
      writerLock.unlock();
    }
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return read("get", (LmdbColumnFamily) cf, reader -> readValue((LmdbColumnFamily) cf, reader.txn, reader.key, reader.lookups, key));
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    LmdbColumnFamily family = (LmdbColumnFamily) cf;
    return read("multiGet", family, reader -> {
      List<byte[]> values = new ArrayList<>(keys.size());
      for (byte[] key : keys) {
        values.add(readValue(family, reader.txn, reader.key, reader.lookups, key));
      }
      return values;
    });
  }

  /** Runs {@code body} on a pooled read transaction of the live store, under a map stamp. */
  private <R> R read(String operation, LmdbColumnFamily family, Function<LmdbReaders.Reader, R> body) {
    while (true) {
      long stamp = map.enter();
      LmdbReaders.Reader reader = null;
      try {
        family.checkLive();
        reader = readers.acquire();
        return body.apply(reader);
      } catch (Dbi.MapResizedException e) {
        // another process grew the map past ours; adopt its size below and read again
      } catch (RuntimeException e) {
        throw error(e, operation);
      } finally {
        release(reader);
        map.exit(stamp);
      }
      map.adoptResize();
    }
  }

  /** A read through a snapshot's transaction; the caller synchronizes on the snapshot. */
  byte[] get(LmdbColumnFamily family, Txn<ByteBuffer> txn, ByteBuffer keyBuffer, LookupCursors lookups, byte[] key) {
    long stamp = map.enter();
    try {
      family.checkLive();
      return readValue(family, txn, keyBuffer, lookups, key);
    } catch (RuntimeException e) {
      throw error(e, "get");
    } finally {
      map.exit(stamp);
    }
  }

  /** The value of {@code key}, checked, or null ({@link Seeks#get}, on the transaction's lookup cursor). */
  static byte[] readValue(LmdbColumnFamily family, Txn<ByteBuffer> txn, ByteBuffer keyBuffer,
      LookupCursors lookups, byte[] key) {
    return Seeks.get(lookups.on(family, txn), keyBuffer, key, family.check());
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    LmdbColumnFamily family = (LmdbColumnFamily) cf;
    while (true) {
      long stamp = map.enter();
      LmdbReaders.Reader reader = null;
      try {
        family.checkLive();
        reader = readers.acquire();
        LmdbReaders.Reader owned = reader;
        // the cursor owns the reader, and with it the reader's key buffer and lookup cursors, until it
        // closes; it moves the reader's lookup cursor on its family, which stays the reader's, so an
        // iterator opens and frees no native cursor
        EngineCursor cursor = new LmdbCursor(this, family, reader.txn, reader.lookups.on(family, reader.txn), false, null,
            reader.key, map.epoch(), () -> release(owned));
        reader = null;
        return cursor;
      } catch (Dbi.MapResizedException e) {
        // another process grew the map past ours; adopt its size below and open again
      } catch (RuntimeException e) {
        throw error(e, "opening an iterator");
      } finally {
        release(reader);
        map.exit(stamp);
      }
      map.adoptResize();
    }
  }

  /**
   * A cursor in a snapshot's transaction, sharing the snapshot's key buffer under {@code lock};
   * {@code visible} is false for a family newer than the snapshot.
   */
  EngineCursor cursor(LmdbColumnFamily family, Txn<ByteBuffer> txn, Object lock, ByteBuffer keyBuffer,
      boolean visible, Runnable onClose) {
    long stamp = map.enter();
    try {
      family.checkLive();
      return openCursor(family, txn, lock, keyBuffer, visible, onClose);
    } catch (RuntimeException e) {
      throw error(e, "opening an iterator");
    } finally {
      map.exit(stamp);
    }
  }

  private EngineCursor openCursor(LmdbColumnFamily family, Txn<ByteBuffer> txn, Object lock, ByteBuffer keyBuffer,
      boolean visible, Runnable onClose) {
    Cursor<ByteBuffer> cursor = visible ? family.dbi().openCursor(txn) : null;
    return new LmdbCursor(this, family, txn, cursor, true, lock, keyBuffer, map.epoch(), onClose);
  }

  /** Gives back the reader of a snapshot closing; a failure to end its transaction is reported as {@code operation}. */
  void releaseReader(LmdbReaders.Reader reader, String operation) {
    try {
      readers.release(reader);
    } catch (RuntimeException e) {
      throw error(e, operation);
    }
  }

  private void release(LmdbReaders.Reader reader) {
    if (reader != null) {
      try {
        readers.release(reader);
      } catch (RuntimeException e) {
        throw error(e, "ending a read transaction");
      }
    }
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions writeOptions) {
    write("put", h -> h.put(cf, key, value), writeOptions);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions writeOptions) {
    write("delete", h -> h.delete(cf, key), writeOptions);
  }

  @Override
  public void write(EngineBatch batch, WriteOptions writeOptions) {
    write("write", batch::forEach, writeOptions);
  }

  private void write(String operation, Consumer<EngineBatch.Handler> operations, WriteOptions writeOptions) {
    writerLock.lock();
    try {
      List<WriteLog.Touched> touched = log.tracking() ? new ArrayList<>() : null;
      EngineBatch.Handler handler = touched == null ? writer : new RecordingHandler(writer, touched);
      inWriteTxn(operation, writeOptions.sync(), touched, txn -> {
        writer.begin(txn);
        try {
          operations.accept(handler);
        } finally {
          writer.end();
        }
      });
    } finally {
      writerLock.unlock();
    }
  }

  /**
   * Begins a transaction: a snapshot, registered with the write log under the writer lock, so that no
   * commit is between taking the snapshot and the log recording what later commits write.
   */
  @Override
  public EngineTransaction beginTransaction() {
    return beginTransaction(Isolation.SNAPSHOT);
  }

  @Override
  public boolean supports(Isolation isolation) {
    return true;
  }

  @Override
  public EngineTransaction beginTransaction(Isolation isolation) {
    writerLock.lock();
    try {
      LmdbSnapshot snapshot = (LmdbSnapshot) snapshot();
      log.opened(snapshot.txnId());
      return new LmdbTransaction(this, snapshot, isolation);
    } finally {
      writerLock.unlock();
    }
  }

  /** A transaction begun at {@code snapshotId} ended, committed or not. */
  void transactionEnded(long snapshotId) {
    log.closed(snapshotId);
  }

  /**
   * Commits a transaction's writes in one write transaction, or throws
   * {@link TransactionConflictException} and writes nothing when a commit after {@code snapshot} wrote
   * one of their keys. The check and the write share the writer lock, so no commit slips between them.
   */
  void commit(LmdbSnapshot snapshot, TransactionWrites transaction) {
    long since = snapshot.txnId();
    EngineBatch writes = transaction.asBatch();
    writerLock.lock();
    try {
      long validatedAt = checkReads(transaction);
      List<WriteLog.Touched> touched = new ArrayList<>();
      inWriteTxn("commit", syncCommits, touched, txn -> {
        if (validatedAt >= 0 && txn.getId() != validatedAt + 1) {
          throw new TransactionConflictException("serializable transaction's reads were checked, then another process "
              + "committed before its write began; nothing was applied; retry the transaction");
        }
        ConflictCheck check = new ConflictCheck(snapshot, txn, since, log.foreignSince(since));
        writes.forEach(check);
        writer.begin(txn);
        try {
          writes.forEach(new RecordingHandler(writer, touched));
        } finally {
          writer.end();
        }
      });
    } finally {
      writerLock.unlock();
    }
  }

  /**
   * For a serializable transaction, checks its reads against a snapshot of the latest commit, taken
   * under the writer lock so that no commit of this process comes between; returns the id of that
   * commit (the write transaction must directly follow it, or another process came between), or -1
   * when there is nothing to check. A snapshot rather than the write transaction itself, because its
   * reads would re-enter the map stamp the write transaction holds.
   */
  private long checkReads(TransactionWrites transaction) {
    if (!transaction.validatesReads()) {
      return -1;
    }
    try (LmdbSnapshot latest = (LmdbSnapshot) snapshot()) {
      transaction.checkReads(latest);
      return latest.txnId();
    }
  }

  /**
   * Fails a transaction's commit on the first key a commit after its snapshot wrote. Runs inside the
   * committing write transaction, under the writer lock (so no family is dropped meanwhile) and a map
   * stamp. With {@code foreign}, another process committed since the snapshot, and its writes are not
   * in the log: a key whose value differs between the snapshot and now counts as written.
   */
  private final class ConflictCheck implements EngineBatch.Handler {
    private final LmdbSnapshot snapshot;
    private final Txn<ByteBuffer> txn;
    private final long since;
    private final boolean foreign;
    private final ByteBuffer key = Buffers.newKeyBuffer();

    ConflictCheck(LmdbSnapshot snapshot, Txn<ByteBuffer> txn, long since, boolean foreign) {
      this.snapshot = snapshot;
      this.txn = txn;
      this.since = since;
      this.foreign = foreign;
    }

    @Override
    public void put(EngineColumnFamily cf, byte[] k, byte[] value) {
      check((LmdbColumnFamily) cf, k);
    }

    @Override
    public void delete(EngineColumnFamily cf, byte[] k) {
      check((LmdbColumnFamily) cf, k);
    }

    @Override
    public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
      throw new IllegalArgumentException("a transaction buffers no range deletes");
    }

    private void check(LmdbColumnFamily family, byte[] k) {
      family.checkLive();
      if (log.writtenSince(family, k, since) || foreign && changedSinceSnapshot(family, k)) {
        throw new TransactionConflictException("transaction conflicts with a write to column family \""
            + family.name() + "\" committed after it began (to a key it also wrote); nothing was applied; "
            + "retry the transaction");
      }
    }

    private boolean changedSinceSnapshot(LmdbColumnFamily family, byte[] k) {
      byte[] before = snapshot.readForCommit(family, k);
      try (Cursor<ByteBuffer> cursor = family.dbi().openCursor(txn)) {
        byte[] now = Seeks.get(cursor, key, k, family.check());
        return before == null ? now != null : !Arrays.equals(before, now);
      }
    }
  }

  /**
   * Runs {@code body} in a write transaction and commits it ({@code sync}: durably, see
   * {@link LmdbDurability}), growing the map and retrying from the start when it is full. Called under
   * the writer lock. An aborted attempt leaves nothing behind. The body adds what it writes to
   * {@code touched} (null when the write log is not tracking), which the log records after the commit.
   */
  private void inWriteTxn(String operation, boolean sync, List<WriteLog.Touched> touched, Consumer<Txn<ByteBuffer>> body) {
    while (true) {
      long epoch = map.epoch();
      boolean resized = false;
      Env.MapFullException full = null;
      long stamp = map.enter();
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        long id = txn.getId();
        log.writeBegan(id);
        if (touched != null) {
          touched.clear(); // what an aborted attempt recorded
        }
        body.accept(txn);
        if (sync) {
          durability.syncedCommit(txn::commit);
        } else {
          txn.commit();
        }
        log.committed(id, touched);
        return;
      } catch (Env.MapFullException e) {
        if (!options.grow()) {
          throw error(e, operation);
        }
        full = e;
      } catch (Dbi.MapResizedException e) {
        resized = true;
      } catch (RuntimeException e) {
        throw error(e, operation);
      } finally {
        map.exit(stamp);
      }
      if (resized) {
        map.adoptResize();
      } else {
        map.grow(epoch, full, operation);
      }
    }
  }

  @Override
  public EngineSnapshot snapshot() {
    while (true) {
      long generation = generations.get();
      long stamp = map.enter();
      LmdbReaders.Reader reader = null;
      try {
        reader = readers.acquire();
        LmdbSnapshot snapshot = new LmdbSnapshot(this, reader, generation);
        reader = null; // the snapshot's now
        return snapshot;
      } catch (Dbi.MapResizedException e) {
        // another process grew the map; adopt its size below and begin again
      } catch (RuntimeException e) {
        throw error(e, "snapshot");
      } finally {
        release(reader);
        map.exit(stamp);
      }
      map.adoptResize();
    }
  }

  @Override
  public void checkpoint(Path target) {
    try {
      PrivateFiles.createDirectories(target);
    } catch (IOException e) {
      throw new StorageException("checkpoint to " + target + " failed: cannot create the directory (" + e.getMessage()
          + "); choose a writable location", e);
    }
    long stamp = map.enter();
    try {
      env.copy(target.toFile(), CopyFlags.MDB_CP_COMPACT);
    } catch (RuntimeException e) {
      throw error(e, "checkpoint to " + target);
    } finally {
      map.exit(stamp);
    }
    try {
      // LMDB creates the copy with the umask's permissions; its directory kept others out meanwhile
      PrivateFiles.restrict(target.resolve(LmdbPaths.DATA_FILE));
    } catch (IOException e) {
      throw new StorageException("checkpoint to " + target + " was written but could not be made owner-only ("
          + e.getMessage() + "); set its permissions by hand before sharing the machine", e);
    }
  }

  @Override
  public void flush() {
    if (!readOnly) {
      durability.sync();
    }
  }

  /** LMDB's B+tree reuses freed pages itself; there is nothing to compact in place. */
  @Override
  public void compact(EngineColumnFamily cf, Bounds range) {
    ((LmdbColumnFamily) cf).checkLive();
  }

  /**
   * Disk usage is the data file's size; properties give the map size, the bytes of the map in use,
   * the entries over all column families and the reader table's high-water mark. The page cache is
   * the operating system's, so memory and hit rate are unknown. Counting entries needs a read
   * transaction: when every reader slot is taken, {@code lmdb.entries} is -1 (unknown) rather than
   * the metrics failing.
   */
  @Override
  public EngineStats stats() {
    long stamp = map.enter();
    try {
      EnvInfo info = env.info();
      int pageSize = env.stat().pageSize;
      long entries = entries();
      Map<String, Long> properties = Map.of(
          "lmdb.map_size", info.mapSize,
          "lmdb.map_used_bytes", (info.lastPageNumber + 1) * pageSize,
          "lmdb.page_size", (long) pageSize,
          "lmdb.entries", entries,
          "lmdb.last_txn_id", info.lastTransactionId,
          "lmdb.reader_slots_high_water", (long) info.numReaders,
          "lmdb.max_readers", (long) info.maxReaders);
      return new EngineStats(paths.dataFileSize(), -1, Double.NaN, -1, properties);
    } catch (RuntimeException e) {
      throw error(e, "stats");
    } finally {
      map.exit(stamp);
    }
  }

  /** Entries over all live column families, or -1 when no reader slot is free. Called under a map stamp. */
  private long entries() {
    LmdbReaders.Reader reader;
    try {
      reader = readers.acquire();
    } catch (Env.ReadersFullException e) {
      return -1;
    }
    try {
      long entries = 0;
      for (LmdbColumnFamily family : families.values()) {
        if (!family.isDropped()) {
          entries += family.dbi().stat(reader.txn).entries;
        }
      }
      return entries;
    } finally {
      release(reader);
    }
  }

  /** Frees pooled readers, database handles and the environment, then the directory of a temporary store. */
  @Override
  public void close() {
    try {
      closeAll();
    } catch (RuntimeException e) {
      throw error(e, "close");
    }
  }

  private void closeAll() {
    try {
      readers.close();
    } finally {
      try {
        for (LmdbColumnFamily family : families.values()) {
          family.dbi().close();
        }
        families.clear();
      } finally {
        try {
          env.close();
        } finally {
          paths.release();
        }
      }
    }
  }

  private void openFamilies(List<String> configured) {
    List<String> existing = new ArrayList<>();
    try {
      for (byte[] name : env.getDbiNames()) {
        existing.add(new String(name, StandardCharsets.UTF_8));
      }
    } catch (RuntimeException e) {
      throw error(e, "listing column families");
    }
    List<String> missing = configured.stream().filter(name -> !existing.contains(name)).toList();
    if (readOnly && !missing.isEmpty()) {
      throw new StorageException("cannot open column families " + missing + " of LMDB store " + paths.where()
          + " read-only: they do not exist (existing: " + existing.stream().sorted().toList()
          + "); open it writable once to create them");
    }
    List<String> all = new ArrayList<>(existing);
    all.addAll(missing);
    all.sort(Comparator.naturalOrder());
    List<Dbi<ByteBuffer>> opened = new ArrayList<>();
    Consumer<Txn<ByteBuffer>> openAll = txn -> {
      opened.clear();
      for (String name : all) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        opened.add(readOnly ? env.openDbi(txn, bytes, null, false) : env.openDbi(txn, bytes, null, false, MDB_CREATE));
      }
    };
    if (readOnly) {
      try (Txn<ByteBuffer> txn = env.txnRead()) {
        openAll.accept(txn);
        txn.commit(); // a read transaction must commit for its database handles to outlive it
      } catch (RuntimeException e) {
        throw error(e, "opening column families");
      }
    } else {
      writerLock.lock();
      try {
        inWriteTxn("opening column families", true, null, openAll);
      } finally {
        writerLock.unlock();
      }
    }
    for (int i = 0; i < all.size(); i++) {
      families.put(all.get(i), new LmdbColumnFamily(all.get(i), opened.get(i), 0, paths.where()));
    }
  }
}
