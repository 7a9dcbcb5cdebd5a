package io.luxtensor.storage;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.ReadAhead;

/**
 * A {@link KvIterator} over an {@link EngineCursor}: keeps the cursor inside its range (so engines
 * need not), runs every cursor call inside its own guard (so a close from another thread waits for a
 * running call instead of freeing the cursor under it), and closes the cursor exactly once.
 *
 * <p>Scans read ahead. Once the caller reads keys, {@link #next()} asks the cursor for a batch of the
 * following entries in one guarded {@link EngineCursor#readAhead} call (2 entries, then twice as many
 * each time up to {@link #MAX_READ_AHEAD}), and serves the next ones from that batch without touching
 * the cursor: the guard, and an engine's own per-call lock or map stamp, are paid once per batch. The
 * cursor's view is frozen at its creation, so an entry read ahead is the entry a later step would
 * have read; a failure while reading ahead is kept and thrown when the walk reaches the entry that
 * failed. Anything that needs the cursor on the current entry again (a step back, a second read of
 * the same key or value) first moves it back there ({@link #realign()}).
 *
 * <p>A step served from the batch checks only that the iterator is still open: it reads arrays the
 * guarded call already copied out of the engine, so a close racing it either is seen (and reported
 * as {@link StoreClosedException}) or leaves it the correct next entry; a close never changes a
 * batch. {@link #key()} and {@link #value()} hand over the arrays a move fetched (they are the
 * caller's, by the SPI's contract) without touching the cursor.
 */
final class GuardedIterator implements KvIterator, OpenResources.Child {

  /** Entries of the first read-ahead of a walk; each following one doubles, up to {@link #MAX_READ_AHEAD}. */
  static final int FIRST_READ_AHEAD = 2;
  /** Bounds the entries read but never used when the caller stops early, and the time a close waits. */
  static final int MAX_READ_AHEAD = 64;

  /** Why the last read-ahead stopped, and so where it left the cursor. */
  private enum Stop {
    /** The batch was full: the cursor is on its last entry. */
    FULL,
    /**
     * The range or the column family ended after the batch's last entry: the cursor is past it, on a
     * key outside the range or off the end (an engine that enforces the bounds itself may leave it
     * either way).
     */
    ENDED,
    /** Reading the entry after the batch's last one failed; {@link #pendingFailure} holds why. */
    FAILED
  }

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
  /** The read-ahead batch, made at the first read-ahead. */
  private ReadAhead ahead;
  /** The index in {@link #ahead} of the current entry, or -1 when the cursor itself is on it. */
  private int aheadIndex = -1;
  private Stop aheadStop;
  /** The failure that ended the last read-ahead, thrown when the walk steps past the batch. */
  private RuntimeException pendingFailure;
  /**
   * A copy of the batch's last key when the read-ahead stopped before filling the batch (taken before
   * the caller could change it): where {@link #realign()} seeks, the cursor having moved past it.
   */
  private byte[] lastRead;
  private int nextReadAhead = FIRST_READ_AHEAD;

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
    if (aheadIndex >= 0) {
      nextAhead();
    } else if (prefetchKeys && valid) {
      guardedReadAhead();
    } else {
      move(direction == Direction.FORWARD ? Move.NEXT : Move.PREV, null);
    }
  }

  @Override
  public void prev() {
    move(direction == Direction.FORWARD ? Move.PREV : Move.NEXT, null);
  }

  /** A step in the iterator's direction while a read-ahead batch holds the current entry. */
  private void nextAhead() {
    checkOpen();
    requireValid("next");
    int following = aheadIndex + 1;
    if (following < ahead.size()) {
      aheadIndex = following;
      currentKey = ahead.key(following);
      currentValue = ahead.value(following);
      return;
    }
    switch (aheadStop) {
      case FULL -> guardedReadAhead();
      case FAILED -> {
        RuntimeException failure = pendingFailure;
        leaveReadAhead();
        valid = false;
        throw store.failed(failure);
      }
      default -> {
        leaveReadAhead(); // the batch ended at the range's end or the family's: so does the walk
        valid = false;
        currentKey = null;
        currentValue = null;
      }
    }
  }

  /** Steps to the next entry by reading the ones after it ahead, inside the guard. */
  private void guardedReadAhead() {
    enter();
    try {
      requireValid("next");
      readAhead();
    } finally {
      guard.exit();
    }
  }

  /** Reads a batch after the current entry, on which the cursor stands, and moves to its first entry. */
  private void readAhead() {
    boolean forward = direction == Direction.FORWARD;
    if (ahead == null) {
      ahead = new ReadAhead(forward, forward ? to : from, MAX_READ_AHEAD);
    }
    ahead.reset(nextReadAhead, prefetchValues);
    nextReadAhead = Math.min(MAX_READ_AHEAD, nextReadAhead * 2);
    aheadIndex = -1;
    currentKey = null;
    currentValue = null;
    RuntimeException failure = null;
    try {
      cursor.readAhead(ahead);
    } catch (RuntimeException e) {
      failure = e;
    }
    int read = ahead.size();
    if (read == 0) {
      valid = false;
      if (failure != null) {
        throw store.failed(failure);
      }
      return;
    }
    if (ahead.isFull() && failure == null) {
      aheadStop = Stop.FULL;
    } else {
      aheadStop = failure == null ? Stop.ENDED : Stop.FAILED;
      pendingFailure = failure;
      lastRead = ahead.key(read - 1).clone(); // once per walk: a batch that is not full is its last
    }
    aheadIndex = 0;
    currentKey = ahead.key(0);
    currentValue = ahead.value(0);
    valid = true;
  }

  /**
   * Moves the cursor back onto the current entry of the batch and leaves the batch; inside the guard.
   * Inside the batch, the next entry's key is still the iterator's own (the caller has seen only the
   * keys up to the current one), so the cursor seeks to it, lands on it (the view is frozen and it is
   * there) and steps back once. On the batch's last entry the cursor is still there after a full batch,
   * and otherwise seeks to the copy of its key.
   */
  private void realign() {
    if (aheadIndex < 0) {
      return;
    }
    if (aheadIndex < ahead.size() - 1) {
      cursor.seek(ahead.key(aheadIndex + 1));
      if (direction == Direction.FORWARD) {
        cursor.prev();
      } else {
        cursor.next();
      }
    } else if (aheadStop != Stop.FULL) {
      cursor.seek(lastRead);
    }
    leaveReadAhead();
    if (!cursor.isValid()) {
      valid = false;
      throw new StorageException("iterator lost its position moving its cursor back to the current entry:"
          + " the engine's cursor did not show the entry it had just read");
    }
  }

  /** Drops the batch for a walk that starts over (a seek, first, last): its next read-ahead is small again. */
  private void restartReadAhead() {
    leaveReadAhead();
    nextReadAhead = FIRST_READ_AHEAD;
  }

  /** Drops the batch; the cursor is on the current entry (or the walk has ended). */
  private void leaveReadAhead() {
    aheadIndex = -1;
    pendingFailure = null;
    lastRead = null;
    if (ahead != null) {
      ahead.truncate(0);
    }
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
          case SEEK -> {
            restartReadAhead();
            seekTo(target);
          }
          case FIRST -> {
            restartReadAhead();
            positionFirst();
          }
          case LAST -> {
            restartReadAhead();
            positionLast();
          }
          case NEXT -> {
            realign();
            cursor.next();
            checkUpper();
          }
          case PREV -> {
            realign();
            nextReadAhead = FIRST_READ_AHEAD;
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
    prefetchKeys = true; // also when a bound had the move fetch it: a caller reading keys is what starts reading ahead
    byte[] key = currentKey;
    if (key != null) {
      currentKey = null;
      return key;
    }
    return fetch(false);
  }

  @Override
  public byte[] value() {
    checkOpen();
    requireValid("value");
    prefetchValues = true;
    byte[] value = currentValue;
    if (value != null) {
      currentValue = null;
      return value;
    }
    return fetch(true);
  }

  /** Reads the current key or value from the cursor, inside the guard, moving the cursor back onto it first. */
  private byte[] fetch(boolean value) {
    enter();
    try {
      realign();
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

  /**
   * Runs once, with no call inside. It leaves the read-ahead batch and its position alone: a step
   * racing the close may still serve from them (see the class comment), and must find them whole.
   */
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
