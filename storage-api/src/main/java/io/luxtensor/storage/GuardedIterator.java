package io.luxtensor.storage;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineCursor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link KvIterator} over an {@link EngineCursor}: keeps the cursor inside its range (so engines
 * need not), enters the store guard on every cursor call, and closes the cursor exactly once.
 *
 * <p>Scans cost one guarded call per entry: a move also fetches the key when a bound needs it, and
 * the key and value once the caller has asked for them, and {@link #key()} and {@link #value()} then
 * hand those arrays over (they are the caller's, by the SPI's contract) without touching the cursor.
 */
final class GuardedIterator implements KvIterator, OpenResources.Child {

  private final GuardedStore store;
  private final OpenResources parent;
  private final EngineCursor cursor;
  private final byte[] from;
  private final byte[] to;
  private final boolean emptyRange;
  private final Direction direction;
  private final AtomicBoolean closed = new AtomicBoolean();
  private boolean valid;
  /** Fetched by the last move and not yet handed to the caller, or {@code null}. */
  private byte[] currentKey;
  private byte[] currentValue;
  /** Whether moves fetch keys and values ahead; set once the caller reads them. */
  private boolean prefetchKeys;
  private boolean prefetchValues;

  GuardedIterator(GuardedStore store, OpenResources parent, EngineCursor cursor, KeyRange range, Direction direction) {
    this.store = store;
    this.parent = parent;
    this.cursor = cursor;
    Bounds bounds = range.bounds();
    this.from = bounds.lower();
    this.to = bounds.upper();
    this.emptyRange = range.isEmpty();
    this.direction = direction;
  }

  /** Positions on the first entry in the iterator's direction; called once, inside the guard. */
  void start() {
    if (direction == Direction.FORWARD) {
      positionFirst();
    } else {
      positionLast();
    }
  }

  @Override
  public Direction direction() {
    return direction;
  }

  /** The ways the cursor moves; every one runs through {@link #move}. */
  private enum Move { SEEK, FIRST, LAST, NEXT, PREV }

  @Override
  public void seek(byte[] key) {
    move(Move.SEEK, key);
  }

  @Override
  public void seekToFirst() {
    move(Move.FIRST, null);
  }

  @Override
  public void seekToLast() {
    move(Move.LAST, null);
  }

  @Override
  public void next() {
    move(Move.NEXT, null);
  }

  @Override
  public void prev() {
    move(Move.PREV, null);
  }

  /** One guarded cursor move, with the engine's failures counted. */
  private void move(Move move, byte[] target) {
    enter();
    try {
      switch (move) {
        case SEEK -> seekTo(target);
        case FIRST -> positionFirst();
        case LAST -> positionLast();
        case NEXT -> {
          requireValid("next");
          cursor.next();
          checkUpper();
        }
        case PREV -> {
          requireValid("prev");
          cursor.prev();
          checkLower();
        }
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw e; // misuse, not an engine failure
    } catch (RuntimeException e) {
      throw store.failed(e);
    } finally {
      store.guard.exit();
    }
  }

  private void seekTo(byte[] key) {
    store.validator.checkKey(key);
    if (emptyRange) {
      valid = false;
    } else if (direction == Direction.FORWARD) {
      if (from != null && Keys.compare(key, from) < 0) {
        positionFirst();
      } else {
        cursor.seek(key);
        checkUpper();
      }
    } else if (to != null && Keys.compare(key, to) >= 0) {
      positionLast();
    } else {
      cursor.seekForPrev(key);
      checkLower();
    }
  }

  @Override
  public boolean isValid() {
    checkOpen();
    return valid;
  }

  @Override
  public byte[] key() {
    checkOpen();
    requireValid("key");
    byte[] key = currentKey;
    if (key != null) {
      currentKey = null;
      return key;
    }
    prefetchKeys = true;
    return fetch(false);
  }

  @Override
  public byte[] value() {
    checkOpen();
    requireValid("value");
    byte[] value = currentValue;
    if (value != null) {
      currentValue = null;
      return value;
    }
    prefetchValues = true;
    return fetch(true);
  }

  /** Reads the current key or value from the cursor, inside the guard. */
  private byte[] fetch(boolean value) {
    enter();
    try {
      return value ? cursor.value() : cursor.key();
    } catch (RuntimeException e) {
      throw store.failed(e);
    } finally {
      store.guard.exit();
    }
  }

  @Override
  public void close() {
    if (!store.guard.tryEnter()) {
      return; // the store closed everything already
    }
    try {
      if (closed.compareAndSet(false, true)) {
        parent.remove(this);
        release();
      }
    } finally {
      store.guard.exit();
    }
  }

  @Override
  public void closeByParent() {
    if (closed.compareAndSet(false, true)) {
      release();
    }
  }

  private void release() {
    valid = false;
    currentKey = null;
    currentValue = null;
    store.metrics.openIterators.decrementAndGet();
    cursor.close();
  }

  private void positionFirst() {
    if (emptyRange) {
      valid = false;
      return;
    }
    if (from == null) {
      cursor.seekToFirst();
    } else {
      cursor.seek(from);
    }
    checkUpper();
  }

  private void positionLast() {
    if (emptyRange) {
      valid = false;
      return;
    }
    if (to == null) {
      cursor.seekToLast();
      checkLower();
      return;
    }
    cursor.seekForPrev(to);
    if (cursor.isValid() && Keys.compare(cursor.key(), to) == 0) {
      cursor.prev();
    }
    checkLower();
  }

  private void checkUpper() {
    settle(true);
  }

  private void checkLower() {
    settle(false);
  }

  /** After a move: whether the cursor is inside the range's upper (or lower) bound, and what to fetch ahead. */
  private void settle(boolean upper) {
    byte[] bound = upper ? to : from;
    currentKey = null;
    currentValue = null;
    valid = cursor.isValid();
    if (!valid) {
      return;
    }
    if (bound != null || prefetchKeys) {
      currentKey = cursor.key();
      if (bound != null) {
        int c = Keys.compare(currentKey, bound);
        valid = upper ? c < 0 : c >= 0;
        if (!valid) {
          currentKey = null;
          return;
        }
      }
    }
    if (prefetchValues) {
      currentValue = cursor.value();
    }
  }

  private void enter() {
    store.guard.enter();
    if (closed.get()) {
      store.guard.exit();
      throw closedException();
    }
  }

  /** The closed checks of {@link #enter()} without entering, for calls that do not touch the cursor. */
  private void checkOpen() {
    if (closed.get()) {
      throw closedException();
    }
    store.guard.checkOpen();
  }

  private static StoreClosedException closedException() {
    return new StoreClosedException("iterator is closed; open a new one");
  }

  private void requireValid(String operation) {
    if (!valid) {
      throw new IllegalStateException(operation + "() needs an iterator positioned on an entry; check isValid() first");
    }
  }
}
