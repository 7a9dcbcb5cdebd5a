package io.luxtensor.storage;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineCursor;

/**
 * A {@link KvIterator} over an {@link EngineCursor}: keeps the cursor inside its range (so engines
 * need not), runs every cursor call inside its own guard (so a close from another thread waits for a
 * running step instead of freeing the cursor under it), and closes the cursor exactly once.
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
  private final HandleGuard guard = new HandleGuard("iterator", "open a new one");
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
    move(direction == Direction.FORWARD ? Move.NEXT : Move.PREV, null);
  }

  @Override
  public void prev() {
    move(direction == Direction.FORWARD ? Move.PREV : Move.NEXT, null);
  }

  /** One guarded cursor move: misuse is rejected first, then the engine's failures are counted and mapped. */
  private void move(Move move, byte[] target) {
    enter();
    try {
      switch (move) {
        case SEEK -> store.validator.checkKey(target);
        case NEXT -> requireValid(direction == Direction.FORWARD ? "next" : "prev");
        case PREV -> requireValid(direction == Direction.FORWARD ? "prev" : "next");
        default -> { }
      }
      try {
        switch (move) {
          case SEEK -> seekTo(target);
          case FIRST -> positionFirst();
          case LAST -> positionLast();
          case NEXT -> {
            cursor.next();
            checkUpper();
          }
          case PREV -> {
            cursor.prev();
            checkLower();
          }
        }
      } catch (RuntimeException e) {
        valid = false;
        throw store.failed(e);
      }
    } finally {
      guard.exit();
    }
  }

  private void seekTo(byte[] key) {
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
    boolean positioned = valid;
    if (!positioned) {
      checkOpen(); // unpositioned by a close from another thread: report the close, not the end of the range
    }
    return positioned;
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
      guard.exit();
    }
  }

  @Override
  public void close() {
    if (guard.close(this::release)) {
      parent.remove(this);
    }
  }

  @Override
  public void closeByParent() {
    guard.close(this::release);
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
    guard.enter();
  }

  /** The closed check of {@link #enter()} without entering, for calls that do not touch the cursor. */
  private void checkOpen() {
    guard.checkOpen();
  }

  private void requireValid(String operation) {
    if (!valid) {
      checkOpen(); // a close from another thread also unpositions the iterator: that is the error to report
      throw new IllegalStateException(operation + "() needs an iterator positioned on an entry; check isValid() first");
    }
  }
}
