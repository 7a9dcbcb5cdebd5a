package io.luxtensor.storage.lmdb;

import static org.lmdbjava.GetOp.MDB_SET_KEY;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.EngineCursor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.lmdbjava.Cursor;
import org.lmdbjava.Txn;

/**
 * An LMDB cursor inside a read transaction, so it sees the data as of the transaction's start. The
 * current key is copied on every move into a scratch array the cursor reuses (it needs the key to
 * check the value's checksum and to find its place again after a remap); {@link #key()} hands out a
 * fresh copy of it. Every entry the cursor lands on is checked before it is trusted, even when only
 * its key is read: its {@link StoredValue} checksum (in place, without a copy), the order of keys
 * after {@code next}/{@code prev}, and the neighbours of a seek ({@link Seeks}), so that damage
 * shows as {@link io.luxtensor.storage.CorruptionException}, never as a wrong, missing or extra entry.
 * The value is copied when asked for, and, once the caller has asked for one, with each move (a scan
 * that reads values then takes one map stamp per entry instead of two). Every native call holds a map
 * stamp; after a remap the cursor's cached page addresses are stale, so it is renewed and re-seeks its
 * current key, which its transaction still holds unchanged. Seek targets may be empty or longer than a
 * key.
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
  /** The key buffer of the reader or snapshot this cursor runs in, free to use while its lock is held. */
  private final ByteBuffer seekKey;
  private long epoch;
  private boolean valid;
  /** The current key is {@code key[0, keyLength)}; the array is reused and grows to the longest key seen. */
  private byte[] key = new byte[0];
  private int keyLength;
  /** Set once the caller reads values: from then on each move copies the value under the same stamp. */
  private boolean readsValues;
  private byte[] prefetched;

  /**
   * Wraps {@code cursor} (or none, for a family the transaction cannot see, which reads as empty);
   * {@code lock} is the snapshot whose transaction the cursor shares, or {@code null}.
   * {@code seekKey} is a direct key buffer of the reader or snapshot, used only under {@code lock} (or
   * by the cursor alone when it owns its reader). {@code onClose} runs after the cursor is closed, to
   * release a transaction the cursor owns.
   */
  LmdbCursor(LmdbEngine engine, LmdbColumnFamily cf, Txn<ByteBuffer> txn, Cursor<ByteBuffer> cursor,
      Object lock, ByteBuffer seekKey, long epoch, Runnable onClose) {
    this.engine = engine;
    this.cf = cf;
    this.txn = txn;
    this.cursor = cursor;
    this.lock = lock;
    this.seekKey = seekKey;
    this.epoch = epoch;
    this.onClose = onClose;
  }

  @Override
  public void seek(byte[] target) {
    move("seek", 0, () -> Seeks.ceiling(cursor, seekKey, target, cf.check()));
  }

  @Override
  public void seekForPrev(byte[] target) {
    move("seekForPrev", 0, () -> Seeks.floor(cursor, seekKey, target, cf.check()));
  }

  @Override
  public void seekToFirst() {
    move("seekToFirst", 0, () -> cursor.first());
  }

  @Override
  public void seekToLast() {
    move("seekToLast", 0, () -> cursor.last());
  }

  @Override
  public void next() {
    move("next", 1, () -> cursor.next());
  }

  @Override
  public void prev() {
    move("prev", -1, () -> cursor.prev());
  }

  @Override
  public boolean isValid() {
    return valid;
  }

  @Override
  public byte[] key() {
    return Arrays.copyOf(key, keyLength);
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
      return checkedValue();
    } catch (RuntimeException e) {
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
    } catch (RuntimeException e) {
      throw engine.error(e, "closing an iterator");
    } finally {
      onClose.run();
    }
  }

  /**
   * Runs {@code move} and takes the entry it lands on; {@code order} is 1 when the new key must be
   * larger than the current one, -1 when smaller, 0 when the move says nothing about it.
   */
  private void move(String operation, int order, Move move) {
    if (cursor == null) {
      valid = false;
      prefetched = null;
    } else if (lock == null) {
      moveNow(operation, order, move);
    } else {
      synchronized (lock) {
        moveNow(operation, order, move);
      }
    }
  }

  private void moveNow(String operation, int order, Move move) {
    long stamp = engine.map().enter();
    try {
      cf.checkLive();
      reposition();
      boolean from = valid;
      valid = false;
      prefetched = null;
      boolean found = move.apply();
      if (found) {
        if (from && order != 0 && Integer.signum(Buffers.compare(cursor.key(), key, keyLength)) != order) {
          throw cf.check().outOfOrder(Arrays.copyOf(key, keyLength), operation, Buffers.copy(cursor.key()));
        }
        copyKey(cursor.key());
        if (readsValues) {
          prefetched = checkedValue();
        } else {
          cf.check().check(key, keyLength, cursor.val());
        }
      }
      valid = found;
    } catch (RuntimeException e) {
      valid = false;
      prefetched = null;
      throw engine.error(e, "iterator " + operation);
    } finally {
      engine.map().exit(stamp);
    }
  }

  private void copyKey(ByteBuffer current) {
    int length = current.remaining();
    if (length > key.length) {
      key = new byte[Math.max(length, Math.min(2 * key.length, Buffers.KEY_CAPACITY))];
    }
    current.get(current.position(), key, 0, length);
    keyLength = length;
  }

  /** The current value, checked against its checksum over the current key. */
  private byte[] checkedValue() {
    return cf.check().open(key, keyLength, cursor.val());
  }

  /** After a remap, drops the cursor's stale page addresses and finds the current key again. */
  private void reposition() {
    long now = engine.map().epoch();
    if (now == epoch) {
      return;
    }
    cursor.renew(txn);
    epoch = now;
    if (valid && !cursor.get(Buffers.fill(seekKey, key, keyLength), MDB_SET_KEY)) {
      throw new StorageException("iterator on column family \"" + cf.name() + "\" lost its position after the map grew: key "
          + Keys.toHex(Arrays.copyOf(key, keyLength)) + " vanished from its own read transaction");
    }
  }
}
