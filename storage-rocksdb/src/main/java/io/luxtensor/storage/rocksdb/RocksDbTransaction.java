package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineReader;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.ReadSet;
import io.luxtensor.storage.spi.TransactionWrites;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.Transaction;

/**
 * An optimistic transaction of an {@link org.rocksdb.OptimisticTransactionDB}, begun with
 * {@code set_snapshot}. Its writes are kept once, in a {@link TransactionWrites} buffer that reads and
 * cursors lay over the begin-time snapshot (a cursor shares the buffer and sees the writes made before
 * it opened, nothing later). The native transaction receives them only at commit: an optimistic
 * transaction takes no lock and checks nothing when a key is written, it only records the key with the
 * snapshot's sequence number, so handing the writes over at commit gives the same check. At commit
 * RocksDB fails with {@code Busy} when another writer changed one of those keys after the snapshot,
 * which {@link RocksDbErrors} turns into a {@link io.luxtensor.storage.TransactionConflictException}; a
 * native range delete covering a written key counts as such a change. The commit holds the engine's
 * {@link RocksDbEngine#commitGate()}, so no plain write slips between that check and the write.
 *
 * <p>At {@link Isolation#SERIALIZABLE} the transaction also records a {@link ReadSet} (keys of point
 * reads and multi-gets it did not answer from its own writes, bounds of its cursors) and, holding the
 * gate, compares them between the snapshot and the live store before handing the commit to RocksDB.
 * This rather than {@code getForUpdate}: RocksDB tracks only the keys read that way, not the ranges an
 * iterator covered, so phantoms would pass; one value-based check covers both, as on the other engines.
 *
 * <p>The byte limit on a transaction's writes is the decorator's, which counts every write before it
 * reaches this class. Owns the native {@link Transaction} and its {@link ReadOptions}, made at the
 * first read (a transaction that only writes, the common case of a block's state commit, never
 * crosses JNI to allocate them); {@link #close()} closes both once. Used by one thread at a time.
 */
final class RocksDbTransaction implements EngineTransaction {

  /** Marks a key the transaction did not write, for {@link #multiGet}; never returned. */
  private static final byte[] NOT_WRITTEN = new byte[0];

  private final RocksDbEngine engine;
  private final Transaction transaction;
  private final Snapshot snapshot;
  /** Reads at the snapshot; made by the first read, {@code null} until then. */
  private ReadOptions readOptions;
  private final TransactionWrites writes = new TransactionWrites();
  /** Families written, checked at commit so a family dropped meanwhile fails the commit whole. */
  private final List<RocksDbColumnFamily> families = new ArrayList<>(2);
  /** What a serializable transaction read, validated at commit; {@code null} at snapshot isolation. */
  private final ReadSet reads;

  private RocksDbTransaction(RocksDbEngine engine, Transaction transaction, Snapshot snapshot, Isolation isolation) {
    this.engine = engine;
    this.transaction = transaction;
    this.snapshot = snapshot;
    this.reads = isolation == Isolation.SERIALIZABLE ? new ReadSet() : null;
  }

  /** Wraps a transaction just begun with {@code set_snapshot}, at {@code isolation}. */
  static RocksDbTransaction begin(RocksDbEngine engine, Transaction transaction, Isolation isolation) {
    try {
      return new RocksDbTransaction(engine, transaction, transaction.getSnapshot(), isolation);
    } catch (RuntimeException | Error e) {
      transaction.close();
      throw e;
    }
  }

  /** Synchronized: two threads reading one transaction at once must not both make (and one leak) the options. */
  private synchronized ReadOptions readOptions() {
    if (readOptions == null) {
      readOptions = new ReadOptions().setVerifyChecksums(true).setSnapshot(snapshot);
    }
    return readOptions;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return writes.get(cf, key, (family, k) -> {
      if (reads != null) {
        reads.key(family, k);
      }
      return snapshotGet(family, k);
    });
  }

  private byte[] snapshotGet(EngineColumnFamily cf, byte[] key) {
    return engine.get(readOptions(), (RocksDbColumnFamily) cf, key);
  }

  /** Own writes answer their keys; the others are read from the snapshot in one native call. */
  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    List<byte[]> result = new ArrayList<>(keys.size());
    List<byte[]> unwritten = new ArrayList<>();
    for (byte[] key : keys) {
      byte[] own = writes.get(cf, key, (family, k) -> NOT_WRITTEN);
      result.add(own);
      if (own == NOT_WRITTEN) {
        unwritten.add(key);
        if (reads != null) {
          reads.key(cf, key);
        }
      }
    }
    if (unwritten.isEmpty()) {
      return result;
    }
    List<byte[]> stored = engine.multiGet(readOptions(), (RocksDbColumnFamily) cf, unwritten);
    for (int i = 0, next = 0; i < result.size(); i++) {
      if (result.get(i) == NOT_WRITTEN) {
        result.set(i, stored.get(next++));
      }
    }
    return result;
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    if (reads != null) {
      reads.range(cf, bounds);
    }
    return writes.cursor(cf, engine.cursor((RocksDbColumnFamily) cf, bounds, snapshot));
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    remember(cf);
    writes.put(cf, key, value);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    remember(cf);
    writes.delete(cf, key);
  }

  @Override
  public void commit() {
    if (writes.isEmpty()) {
      return;
    }
    handOverWrites();
    Lock gate = engine.commitGate();
    gate.lock();
    try {
      for (RocksDbColumnFamily family : families) {
        family.checkWritable();
      }
      if (reads != null) {
        // The gate keeps every other write out, so the live store is the state this commit follows.
        reads.validate(new SnapshotReader(), engine);
      }
      transaction.commit();
    } catch (RocksDBException e) {
      throw RocksDbErrors.onCommit(e, engine.path());
    } finally {
      gate.unlock();
    }
    writes.clear();
  }

  @Override
  public void rollback() {
    writes.clear();
    try {
      transaction.rollback();
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "rolling back a transaction", engine.path());
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (readOptions != null) {
        readOptions.close();
      }
    } finally {
      transaction.close();
    }
  }

  /** The begin-time snapshot without the transaction's writes: what its reads are validated against. */
  private final class SnapshotReader implements EngineReader {
    @Override
    public byte[] get(EngineColumnFamily cf, byte[] key) {
      return snapshotGet(cf, key);
    }

    @Override
    public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
      return engine.cursor((RocksDbColumnFamily) cf, bounds, snapshot);
    }
  }

  /** Gives the native transaction the latest write of each key, which also records the keys for its conflict check. */
  private void handOverWrites() {
    writes.asBatch().forEach(new EngineBatch.Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
        try {
          transaction.put(((RocksDbColumnFamily) cf).handle(), key, value);
        } catch (RocksDBException e) {
          throw RocksDbErrors.map(e, "writing in a transaction", engine.path());
        }
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] key) {
        try {
          transaction.delete(((RocksDbColumnFamily) cf).handle(), key);
        } catch (RocksDBException e) {
          throw RocksDbErrors.map(e, "deleting in a transaction", engine.path());
        }
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        throw new IllegalStateException("a transaction buffers no range deletes");
      }
    });
  }

  private void remember(EngineColumnFamily cf) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    if (!families.contains(family)) {
      families.add(family);
    }
  }
}
