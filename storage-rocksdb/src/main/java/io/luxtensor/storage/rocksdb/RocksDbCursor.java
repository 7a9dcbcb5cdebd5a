package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineCursor;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatchWithIndex;

/**
 * An {@link EngineCursor} on a native {@link RocksIterator}. The cursor owns its iterator, the
 * transaction writes merged into it (if any), its {@link ReadOptions} and the two bound
 * {@link Slice}s, and closes them once, iterator first (it reads the others). The range hint becomes RocksDB's
 * {@code iterate_lower_bound}/{@code iterate_upper_bound}, so RocksDB stops at the bounds instead of
 * reading past them. The iterator pins the version it was created on, which is what makes the cursor
 * see the data as of its creation.
 *
 * <p>Every move that leaves the iterator invalid checks {@link RocksIterator#status()}: an iterator
 * also becomes invalid on a checksum error, and that must surface as an exception, not as the end of
 * the data.
 */
final class RocksDbCursor implements EngineCursor {

  private final RocksIterator iterator;
  /** A transaction's writes as of the cursor's creation, merged over the base iterator; or {@code null}. */
  private final WriteBatchWithIndex pending;
  private final ReadOptions readOptions;
  private final Slice lower;
  private final Slice upper;
  private final Path path;
  private boolean valid;

  private RocksDbCursor(RocksIterator iterator, WriteBatchWithIndex pending, ReadOptions readOptions, Slice lower,
      Slice upper, Path path) {
    this.iterator = iterator;
    this.pending = pending;
    this.readOptions = readOptions;
    this.lower = lower;
    this.upper = upper;
    this.path = path;
  }

  /**
   * A cursor over {@code cf} of {@code db}, reading at {@code snapshot} when not {@code null}, with
   * {@code writes} (a transaction's own, may be empty) laid over it.
   *
   * <p>A transaction's writes are copied into a fresh {@link WriteBatchWithIndex} for each cursor
   * rather than read through {@code Transaction.getIterator}: RocksDB's transaction iterator walks
   * the transaction's live index and would show writes made after the cursor was created.
   */
  static RocksDbCursor open(RocksDB db, RocksDbColumnFamily cf, Bounds bounds, Snapshot snapshot,
      List<TransactionWrite> writes, boolean autoPrefixMode, Path path) {
    ReadOptions options = new ReadOptions();
    Slice lower = null;
    Slice upper = null;
    WriteBatchWithIndex pending = null;
    try {
      options.setVerifyChecksums(true);
      if (autoPrefixMode) {
        // With a prefix extractor, plain seeks may skip keys of other prefixes; auto mode uses the
        // prefix bloom only where the upper bound proves it safe.
        options.setAutoPrefixMode(true);
      }
      if (snapshot != null) {
        options.setSnapshot(snapshot);
      }
      if (bounds.lower() != null) {
        lower = new Slice(bounds.lower());
        options.setIterateLowerBound(lower);
      }
      if (bounds.upper() != null) {
        upper = new Slice(bounds.upper());
        options.setIterateUpperBound(upper);
      }
      RocksIterator iterator = db.newIterator(cf.handle(), options);
      if (!writes.isEmpty()) {
        pending = new WriteBatchWithIndex(true);
        for (TransactionWrite write : writes) {
          if (write.value() == null) {
            pending.delete(cf.handle(), write.key());
          } else {
            pending.put(cf.handle(), write.key(), write.value());
          }
        }
        // The merged iterator takes over the base iterator and frees it with itself.
        iterator = pending.newIteratorWithBase(cf.handle(), iterator, options);
      }
      return new RocksDbCursor(iterator, pending, options, lower, upper, path);
    } catch (RocksDBException e) {
      close(pending, options, lower, upper);
      throw RocksDbErrors.map(e, "opening a transaction's iterator", path);
    } catch (RuntimeException | Error e) {
      close(pending, options, lower, upper);
      throw e;
    }
  }

  @Override
  public void seek(byte[] key) {
    iterator.seek(key);
    settle();
  }

  @Override
  public void seekForPrev(byte[] key) {
    iterator.seekForPrev(key);
    settle();
  }

  @Override
  public void seekToFirst() {
    iterator.seekToFirst();
    settle();
  }

  @Override
  public void seekToLast() {
    iterator.seekToLast();
    settle();
  }

  @Override
  public void next() {
    iterator.next();
    settle();
  }

  @Override
  public void prev() {
    iterator.prev();
    settle();
  }

  @Override
  public boolean isValid() {
    return valid;
  }

  @Override
  public byte[] key() {
    return iterator.key();
  }

  @Override
  public byte[] value() {
    return iterator.value();
  }

  @Override
  public void close() {
    valid = false;
    iterator.close();
    close(pending, readOptions, lower, upper);
  }

  private void settle() {
    valid = iterator.isValid();
    if (!valid) {
      try {
        iterator.status();
      } catch (RocksDBException e) {
        throw RocksDbErrors.map(e, "iterating", path);
      }
    }
  }

  /** Closes what an iterator depends on, after the iterator: the index it merges, its options, their bounds. */
  private static void close(WriteBatchWithIndex pending, ReadOptions options, Slice lower, Slice upper) {
    if (pending != null) {
      pending.close();
    }
    options.close();
    if (upper != null) {
      upper.close();
    }
    if (lower != null) {
      lower.close();
    }
  }
}
