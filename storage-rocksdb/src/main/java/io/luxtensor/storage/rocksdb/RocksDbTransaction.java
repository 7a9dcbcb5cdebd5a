package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineTransaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.Transaction;

/**
 * An optimistic transaction of an {@link org.rocksdb.OptimisticTransactionDB}, begun with
 * {@code set_snapshot}: RocksDB records every written key against the begin-time snapshot and, at
 * commit, fails with {@code Busy} when another writer changed one of them since, which
 * {@link RocksDbErrors} turns into a {@link io.luxtensor.storage.TransactionConflictException}; a
 * native range delete covering a written key counts as such a change. The commit holds the engine's
 * {@link RocksDbEngine#commitGate()}, so no plain write slips between that check and the write.
 * Reads go through the transaction with that snapshot, so they see the store as of begin plus the
 * transaction's own writes; cursors merge a copy of those writes, taken when the cursor opens, over
 * a snapshot iterator.
 *
 * <p>Owns the native {@link Transaction} and its {@link ReadOptions}; {@link #close()} closes both
 * once. Used by one thread at a time.
 */
final class RocksDbTransaction implements EngineTransaction {

  private final RocksDbEngine engine;
  private final Transaction transaction;
  private final Snapshot snapshot;
  private final ReadOptions readOptions;
  /** Families written, checked at commit so a family dropped meanwhile fails the commit whole. */
  private final List<RocksDbColumnFamily> families = new ArrayList<>(2);
  /** Writes in order, laid over the snapshot by this transaction's cursors. */
  private final List<TransactionWrite> writes = new ArrayList<>();

  private RocksDbTransaction(RocksDbEngine engine, Transaction transaction, Snapshot snapshot, ReadOptions readOptions) {
    this.engine = engine;
    this.transaction = transaction;
    this.snapshot = snapshot;
    this.readOptions = readOptions;
  }

  /** Wraps a transaction just begun with {@code set_snapshot}. */
  static RocksDbTransaction begin(RocksDbEngine engine, Transaction transaction) {
    ReadOptions options = null;
    try {
      Snapshot snapshot = transaction.getSnapshot();
      options = new ReadOptions().setVerifyChecksums(true).setSnapshot(snapshot);
      return new RocksDbTransaction(engine, transaction, snapshot, options);
    } catch (RuntimeException | Error e) {
      if (options != null) {
        options.close();
      }
      transaction.close();
      throw e;
    }
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    try {
      return transaction.get(readOptions, ((RocksDbColumnFamily) cf).handle(), key);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "reading in a transaction", engine.path());
    }
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    try {
      return transaction.multiGetAsList(readOptions,
          Collections.nCopies(keys.size(), ((RocksDbColumnFamily) cf).handle()), keys);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "reading in a transaction", engine.path());
    }
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    List<TransactionWrite> own = families.contains(family)
        ? writes.stream().filter(w -> w.cf() == family).toList()
        : List.of();
    return RocksDbCursor.open(engine.db(), family, bounds, snapshot, own, engine.autoPrefixMode(), engine.path());
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    try {
      transaction.put(family.handle(), key, value);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "writing in a transaction", engine.path());
    }
    remember(family, key, value);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    try {
      transaction.delete(family.handle(), key);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "deleting in a transaction", engine.path());
    }
    remember(family, key, null);
  }

  @Override
  public void commit() {
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
  }

  @Override
  public void rollback() {
    try {
      transaction.rollback();
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "rolling back a transaction", engine.path());
    }
  }

  @Override
  public void close() {
    readOptions.close();
    transaction.close();
  }

  private void remember(RocksDbColumnFamily family, byte[] key, byte[] value) {
    if (!families.contains(family)) {
      families.add(family);
    }
    writes.add(new TransactionWrite(family, key.clone(), value == null ? null : value.clone()));
  }
}
