package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineCursor;
import java.nio.file.Path;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * An {@link EngineCursor} on a native {@link RocksIterator}. The cursor owns its iterator, its
 * {@link ReadOptions} and the two bound {@link Slice}s, and closes them once, iterator first (it reads
 * the others). The range hint becomes RocksDB's
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
  private final ReadOptions readOptions;
  private final Slice lower;
  private final Slice upper;
  private final Path path;
  private boolean valid;

  private RocksDbCursor(RocksIterator iterator, ReadOptions readOptions, Slice lower, Slice upper, Path path) {
    this.iterator = iterator;
    this.readOptions = readOptions;
    this.lower = lower;
    this.upper = upper;
    this.path = path;
  }

  /** A cursor over {@code cf} of {@code db}, reading at {@code snapshot} when not {@code null}. */
  static RocksDbCursor open(RocksDB db, RocksDbColumnFamily cf, Bounds bounds, Snapshot snapshot, boolean autoPrefixMode,
      Path path) {
    ReadOptions options = new ReadOptions();
    Slice lower = null;
    Slice upper = null;
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
      return new RocksDbCursor(db.newIterator(cf.handle(), options), options, lower, upper, path);
    } catch (RuntimeException | Error e) {
      close(options, lower, upper);
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
    close(readOptions, lower, upper);
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

  /** Closes what an iterator depends on, after the iterator: its options, their bounds. */
  private static void close(ReadOptions options, Slice lower, Slice upper) {
    options.close();
    if (upper != null) {
      upper.close();
    }
    if (lower != null) {
      lower.close();
    }
  }
}
