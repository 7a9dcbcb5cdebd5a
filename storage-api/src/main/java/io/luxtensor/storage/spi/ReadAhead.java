package io.luxtensor.storage.spi;

import io.luxtensor.storage.Keys;
import java.util.Arrays;

/**
 * The entries one {@link EngineCursor#readAhead} call steps over, in the order it lands on them, and
 * what that call may add: how many, in which direction, up to which bound, with or without values.
 * The decorator reads ahead this way during scans so that the per-call costs of a cursor (its
 * handle's guard, an engine's lock or map stamp) are paid once per batch of entries, not per entry.
 *
 * <p>Keys and values added are the caller's (copies no one else holds), as with
 * {@link EngineCursor#key()} and {@link EngineCursor#value()}. The bound is the range bound the walk
 * stops at: for a forward walk the exclusive upper bound, for a backward walk the inclusive lower
 * bound, {@code null} when the range is open on that side; an engine that already stops its cursor at
 * the same bound (the {@link Bounds} it was given, the very same array) need not compare again.
 *
 * <p>Owned by one cursor's user and used by one thread at a time; the engine only adds to it during a
 * {@code readAhead} call.
 */
public final class ReadAhead {

  private final boolean forward;
  private final byte[] bound;
  private final byte[][] keys;
  private final byte[][] values;
  private int size;
  private int limit;
  private boolean withValues;

  /**
   * @param forward whether the walk steps with {@link EngineCursor#next()} (else {@link EngineCursor#prev()})
   * @param bound the exclusive upper bound of a forward walk or the inclusive lower bound of a
   *     backward one, or {@code null}; read, never modified
   * @param capacity the most entries one call may add
   */
  public ReadAhead(boolean forward, byte[] bound, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.forward = forward;
    this.bound = bound;
    this.keys = new byte[capacity][];
    this.values = new byte[capacity][];
  }

  /** Whether the walk steps to larger keys. */
  public boolean forward() {
    return forward;
  }

  /** The bound the walk stops at (see the class comment), or {@code null}; read-only. */
  public byte[] bound() {
    return bound;
  }

  /** Whether the entries are added with their values; without, {@link #add} takes {@code null} values. */
  public boolean withValues() {
    return withValues;
  }

  /** Whether no more entries may be added in this call. */
  public boolean isFull() {
    return size >= limit;
  }

  /** Whether {@code key} lies on this side of the bound, i.e. the walk may add it. */
  public boolean within(byte[] key) {
    if (bound == null) {
      return true;
    }
    int c = Keys.compare(key, bound);
    return forward ? c < 0 : c >= 0;
  }

  /** Adds an entry the cursor landed on, inside the bound; only while not {@linkplain #isFull() full}. */
  public void add(byte[] key, byte[] value) {
    if (size >= limit) {
      throw new IllegalStateException("read-ahead full: " + limit + " entries");
    }
    keys[size] = key;
    values[size] = value;
    size++;
  }

  /**
   * Empties the batch for the next call, which may add up to {@code limit} entries (at most the
   * capacity). The arrays of the last call are overwritten by the next, not cleared: clearing them
   * cost a tenth of a scan's time.
   */
  public void reset(int limit, boolean withValues) {
    this.size = 0;
    this.limit = Math.min(limit, keys.length);
    this.withValues = withValues;
  }

  /** The number of entries added since the last {@link #reset}. */
  public int size() {
    return size;
  }

  /** The most entries one call may add. */
  public int capacity() {
    return keys.length;
  }

  /** The key of entry {@code index}, in the order added. */
  public byte[] key(int index) {
    return keys[index];
  }

  /** The value of entry {@code index}, or {@code null} when added without values. */
  public byte[] value(int index) {
    return values[index];
  }

  /** Drops the entries from {@code index} on, as if never added. */
  public void truncate(int index) {
    Arrays.fill(keys, index, size, null);
    Arrays.fill(values, index, size, null);
    size = Math.min(size, index);
  }
}
