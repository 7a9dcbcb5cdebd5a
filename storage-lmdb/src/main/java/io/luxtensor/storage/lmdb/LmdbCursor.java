package io.luxtensor.storage.lmdb;

import static org.lmdbjava.GetOp.MDB_SET_KEY;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.ReadAhead;
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
 * <p>Per entry a single step costs one native step, one map stamp, one copy of the key out of the map
 * (then compared with the previous key array to array), one checksum over the entry in place and one
 * copy of the value; nothing is read from the map twice. A {@linkplain #readAhead read-ahead} (the
 * decorator's scans) takes the map stamp once per batch, and copies each key once, into the array it
 * hands over.
 *
 * <p>Cursors of a snapshot share the snapshot's transaction, which LMDB allows only with external
 * synchronization: they lock {@code lock}, the snapshot, around each call, and each opens and frees its
 * own native cursor. A cursor on the live store owns a pooled reader ({@link LmdbReaders}) until it
 * closes, moves that reader's lookup cursor on its family rather than opening one, and, used by one
 * thread at a time, needs no lock ({@code lock == null}).
 */
final class LmdbCursor implements EngineCursor {

  // The moves, as constants rather than lambdas: a lambda capturing the cursor is an allocation per step
  private static final int SEEK = 0;
  private static final int SEEK_FOR_PREV = 1;
  private static final int FIRST = 2;
  private static final int LAST = 3;
  private static final int NEXT = 4;
  private static final int PREV = 5;
  private static final String[] NAMES = {"seek", "seekForPrev", "seekToFirst", "seekToLast", "next", "prev"};

  private final LmdbEngine engine;
  private final LmdbColumnFamily cf;
  private final Txn<ByteBuffer> txn;
  private final Cursor<ByteBuffer> cursor;
  /** Whether {@link #close()} frees {@code cursor}; false when it belongs to the pooled reader, which reuses it. */
  private final boolean ownsCursor;
  private final Object lock;
  private final Runnable onClose;
  /** The key buffer of the reader or snapshot this cursor runs in, free to use while its lock is held. */
  private final ByteBuffer seekKey;
  private long epoch;
  private boolean valid;
  /** The current key is {@code key[0, keyLength)}; the array is reused and grows to the longest key seen. */
  private byte[] key = new byte[0];
  private int keyLength;
  /** The array the next key is copied into before it is compared with the current one; they swap. */
  private byte[] spare = new byte[0];
  /** Set once the caller reads values: from then on each move copies the value under the same stamp. */
  private boolean readsValues;
  private byte[] prefetched;

  /**
   * Wraps {@code cursor} (or none, for a family the transaction cannot see, which reads as empty),
   * freeing it on close when {@code ownsCursor}; {@code lock} is the snapshot whose transaction the
   * cursor shares, or {@code null}.
   * {@code seekKey} is a direct key buffer of the reader or snapshot, used only under {@code lock} (or
   * by the cursor alone when it owns its reader). {@code onClose} runs after the cursor is closed, to
   * release a transaction the cursor owns.
   */
  LmdbCursor(LmdbEngine engine, LmdbColumnFamily cf, Txn<ByteBuffer> txn, Cursor<ByteBuffer> cursor, boolean ownsCursor,
      Object lock, ByteBuffer seekKey, long epoch, Runnable onClose) {
    this.engine = engine;
    this.cf = cf;
    this.txn = txn;
    this.cursor = cursor;
    this.ownsCursor = ownsCursor;
    this.lock = lock;
    this.seekKey = seekKey;
    this.epoch = epoch;
    this.onClose = onClose;
  }

  @Override
  public void seek(byte[] target) {
    move(SEEK, target);
  }

  @Override
  public void seekForPrev(byte[] target) {
    move(SEEK_FOR_PREV, target);
  }

  @Override
  public void seekToFirst() {
    move(FIRST, null);
  }

  @Override
  public void seekToLast() {
    move(LAST, null);
  }

  @Override
  public void next() {
    move(NEXT, null);
  }

  @Override
  public void prev() {
    move(PREV, null);
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
      if (cursor != null && ownsCursor && lock != null) {
        synchronized (lock) {
          cursor.close();
        }
      } else if (cursor != null && ownsCursor) {
        cursor.close();
      }
    } catch (RuntimeException e) {
      throw engine.error(e, "closing an iterator");
    } finally {
      onClose.run();
    }
  }

  /**
   * Steps and takes entries as {@link #next()}/{@link #prev()} and {@link #value()} would, with the
   * same checks (order, checksum), under one map stamp (and one lock, in a snapshot) for the whole
   * batch. Each key is copied out of the map once, into the array the batch hands over; the order check
   * compares it with the previous one of the batch, and only the batch's last key is copied again, into
   * the cursor's own array, which the next batch or step compares with and a remap re-seeks.
   */
  @Override
  public void readAhead(ReadAhead batch) {
    if (cursor == null) {
      valid = false;
      prefetched = null;
    } else if (lock == null) {
      readAheadNow(batch);
    } else {
      synchronized (lock) {
        readAheadNow(batch);
      }
    }
  }

  private void readAheadNow(ReadAhead batch) {
    int move = batch.forward() ? NEXT : PREV;
    boolean values = batch.withValues();
    byte[] previous = key;
    int previousLength = keyLength;
    long stamp = engine.map().enter();
    try {
      cf.checkLive();
      reposition();
      prefetched = null;
      while (!batch.isFull()) {
        valid = false;
        if (!(move == NEXT ? cursor.next() : cursor.prev())) {
          return;
        }
        ByteBuffer current = cursor.key();
        int length = current.remaining();
        byte[] landed = new byte[length];
        current.get(current.position(), landed, 0, length);
        int order = Arrays.compareUnsigned(landed, 0, length, previous, 0, previousLength);
        if (move == NEXT ? order <= 0 : order >= 0) {
          throw cf.check().outOfOrder(Arrays.copyOf(previous, previousLength), NAMES[move], landed);
        }
        previous = landed;
        previousLength = length;
        if (!batch.within(landed)) {
          cf.check().check(landed, length, cursor.val());
          valid = true;
          return;
        }
        batch.add(landed, values ? checkedValue(landed) : checkedOnly(landed));
        valid = true;
      }
    } catch (RuntimeException e) {
      valid = false;
      prefetched = null;
      throw engine.error(e, "iterator " + NAMES[move]);
    } finally {
      engine.map().exit(stamp);
      keep(previous, previousLength);
    }
  }

  /** Makes {@code landed[0, length)}, the key the cursor is now on (or left), the cursor's own current key. */
  private void keep(byte[] landed, int length) {
    if (landed == key) {
      return;
    }
    if (length > spare.length) {
      spare = new byte[Math.max(length, Math.min(2 * spare.length, Buffers.KEY_CAPACITY))];
    }
    System.arraycopy(landed, 0, spare, 0, length);
    byte[] old = key;
    key = spare;
    spare = old;
    keyLength = length;
  }

  private byte[] checkedValue(byte[] landed) {
    return cf.check().open(landed, landed.length, cursor.val());
  }

  private byte[] checkedOnly(byte[] landed) {
    cf.check().check(landed, landed.length, cursor.val());
    return null;
  }

  /** Runs {@code move} (towards {@code target}, for a seek) and takes the entry it lands on. */
  private void move(int move, byte[] target) {
    if (cursor == null) {
      valid = false;
      prefetched = null;
    } else if (lock == null) {
      moveNow(move, target);
    } else {
      synchronized (lock) {
        moveNow(move, target);
      }
    }
  }

  private void moveNow(int move, byte[] target) {
    long stamp = engine.map().enter();
    try {
      cf.checkLive();
      reposition();
      boolean from = valid;
      valid = false;
      prefetched = null;
      boolean found = switch (move) {
        case SEEK -> Seeks.ceiling(cursor, seekKey, target, cf.check());
        case SEEK_FOR_PREV -> Seeks.floor(cursor, seekKey, target, cf.check());
        case FIRST -> cursor.first();
        case LAST -> cursor.last();
        case NEXT -> cursor.next();
        default -> cursor.prev();
      };
      if (found) {
        take(move, from && (move == NEXT || move == PREV));
      }
      valid = found;
    } catch (RuntimeException e) {
      valid = false;
      prefetched = null;
      throw engine.error(e, "iterator " + NAMES[move]);
    } finally {
      engine.map().exit(stamp);
    }
  }

  /**
   * Copies the key the cursor landed on, checks it came after (a step forward) or before (back) the
   * key it left when {@code stepped}, then checks the entry's checksum, in place or while copying the
   * value. The key is copied into the spare array and compared there, array to array, then the two
   * arrays swap roles: no byte is read from the map twice.
   */
  private void take(int move, boolean stepped) {
    ByteBuffer current = cursor.key();
    int length = current.remaining();
    if (length > spare.length) {
      spare = new byte[Math.max(length, Math.min(2 * spare.length, Buffers.KEY_CAPACITY))];
    }
    current.get(current.position(), spare, 0, length);
    if (stepped) {
      int order = Arrays.compareUnsigned(spare, 0, length, key, 0, keyLength);
      if (move == NEXT ? order <= 0 : order >= 0) {
        throw cf.check().outOfOrder(Arrays.copyOf(key, keyLength), NAMES[move], Arrays.copyOf(spare, length));
      }
    }
    byte[] previous = key;
    key = spare;
    spare = previous;
    keyLength = length;
    if (readsValues) {
      prefetched = checkedValue();
    } else {
      cf.check().check(key, keyLength, cursor.val());
    }
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
