package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineTransaction;
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

  private RocksDbTransaction(RocksDbEngine engine, Transaction transaction, Snapshot snapshot) {
    this.engine = engine;
    this.transaction = transaction;
    this.snapshot = snapshot;
  }

  /** Wraps a transaction just begun with {@code set_snapshot}. */
  static RocksDbTransaction begin(RocksDbEngine engine, Transaction transaction) {
    try {
      return new RocksDbTransaction(engine, transaction, transaction.getSnapshot());
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
    return writes.get(cf, key, (family, k) -> engine.get(readOptions(), (RocksDbColumnFamily) family, k));
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
