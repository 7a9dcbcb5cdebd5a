package io.luxtensor.storage.lmdb;

import static org.lmdbjava.GetOp.MDB_SET_KEY;
import static org.lmdbjava.GetOp.MDB_SET_RANGE;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.EngineCursor;
import java.nio.ByteBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * An LMDB cursor inside a read transaction, so it sees the data as of the transaction's start. The
 * current key is copied out on every move (the decorator checks bounds with it); the value is copied
 * when asked for, and, once the caller has asked for one, with each move (a scan that reads values
 * then takes one map stamp per entry instead of two). Every native call holds a map stamp; after a remap the cursor's cached page
 * addresses are stale, so it is renewed and re-seeks its current key, which its transaction still
 * holds unchanged.
 *
 * <p>Cursors of a snapshot share the snapshot's transaction, which LMDB allows only with external
 * synchronization: they lock {@code lock}, the snapshot, around each call. A cursor on the live
 * store owns its transaction and, used by one thread at a time, needs no lock ({@code lock == null}).
 */
final class LmdbCursor implements EngineCursor {

  @FunctionalInterface
  private interface Move {
    boolean apply();
  }

  private final LmdbEngine engine;
  private final LmdbColumnFamily cf;
  private final Txn<ByteBuffer> txn;
  private final Cursor<ByteBuffer> cursor;
  private final Object lock;
  private final Runnable onClose;
  private final ByteBuffer seekKey = Buffers.newKeyBuffer();
  private long epoch;
  private boolean valid;
  private byte[] key;
  /** Set once the caller reads values: from then on each move copies the value under the same stamp. */
  private boolean readsValues;
  private byte[] prefetched;

  /**
   * Wraps {@code cursor} (or none, for a family the transaction cannot see, which reads as empty);
   * {@code lock} is the snapshot whose transaction the cursor shares, or {@code null}.
   * {@code onClose} runs after the cursor is closed, to release a transaction the cursor owns.
   */
  LmdbCursor(LmdbEngine engine, LmdbColumnFamily cf, Txn<ByteBuffer> txn, Cursor<ByteBuffer> cursor,
      Object lock, long epoch, Runnable onClose) {
    this.engine = engine;
    this.cf = cf;
    this.txn = txn;
    this.cursor = cursor;
    this.lock = lock;
    this.epoch = epoch;
    this.onClose = onClose;
  }

  @Override
  public void seek(byte[] target) {
    move("seek", () -> cursor.get(Buffers.fill(seekKey, target), MDB_SET_RANGE));
  }

  @Override
  public void seekForPrev(byte[] target) {
    move("seekForPrev", () -> {
      if (!cursor.get(Buffers.fill(seekKey, target), MDB_SET_RANGE)) {
        return cursor.last();
      }
      return Buffers.compare(cursor.key(), target) == 0 || cursor.prev();
    });
  }

  @Override
  public void seekToFirst() {
    move("seekToFirst", () -> cursor.first());
  }

  @Override
  public void seekToLast() {
    move("seekToLast", () -> cursor.last());
  }

  @Override
  public void next() {
    move("next", () -> cursor.next());
  }

  @Override
  public void prev() {
    move("prev", () -> cursor.prev());
  }

  @Override
  public boolean isValid() {
    return valid;
  }

  @Override
  public byte[] key() {
    return key.clone(); // the cursor keeps its own copy to find its place again after the map grows
  }

  /** A fresh copy on every call: the decorator hands the array to the user, who may modify it. */
  @Override
  public byte[] value() {
    byte[] value = prefetched;
    if (value != null) {
      prefetched = null;
      return value;
    }
    readsValues = true;
    if (lock == null) {
      return readValue();
    }
    synchronized (lock) {
      return readValue();
    }
  }

  private byte[] readValue() {
    long stamp = engine.map().enter();
    try {
      reposition();
      return Buffers.copy(cursor.val());
    } catch (LmdbException e) {
      throw engine.error(e, "reading a value through an iterator");
    } finally {
      engine.map().exit(stamp);
    }
  }

  @Override
  public void close() {
    try {
      if (cursor != null && lock != null) {
        synchronized (lock) {
          cursor.close();
        }
      } else if (cursor != null) {
        cursor.close();
      }
    } finally {
      onClose.run();
    }
  }

  private void move(String operation, Move move) {
    if (cursor == null) {
      valid = false;
      key = null;
      prefetched = null;
    } else if (lock == null) {
      moveNow(operation, move);
    } else {
      synchronized (lock) {
        moveNow(operation, move);
      }
    }
  }

  private void moveNow(String operation, Move move) {
    long stamp = engine.map().enter();
    try {
      cf.checkLive();
      reposition();
      valid = move.apply();
      key = valid ? Buffers.copy(cursor.key()) : null;
      prefetched = valid && readsValues ? Buffers.copy(cursor.val()) : null;
    } catch (LmdbException e) {
      valid = false;
      key = null;
      prefetched = null;
      throw engine.error(e, "iterator " + operation);
    } finally {
      engine.map().exit(stamp);
    }
  }

  /** After a remap, drops the cursor's stale page addresses and finds the current key again. */
  private void reposition() {
    long now = engine.map().epoch();
    if (now == epoch) {
      return;
    }
    cursor.renew(txn);
    epoch = now;
    if (valid && !cursor.get(Buffers.fill(seekKey, key), MDB_SET_KEY)) {
      throw new StorageException("iterator on column family \"" + cf.name() + "\" lost its position after the map grew: key "
          + Keys.toHex(key) + " vanished from its own read transaction");
    }
  }
}
