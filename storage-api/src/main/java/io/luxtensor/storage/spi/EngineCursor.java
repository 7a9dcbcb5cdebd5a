package io.luxtensor.storage.spi;

/**
 * A positioned cursor over one column family in unsigned key order, RocksDB-style: it is either on
 * an entry ({@link #isValid()}) or off the end. Used by one thread at a time; closed exactly once by
 * the decorator.
 */
public interface EngineCursor extends AutoCloseable {

  /** Positions on the first key {@code >= key}. */
  void seek(byte[] key);

  /** Positions on the last key {@code <= key}. */
  void seekForPrev(byte[] key);

  void seekToFirst();

  void seekToLast();

  /** Moves to the next larger key; only called when valid. */
  void next();

  /** Moves to the next smaller key; only called when valid. */
  void prev();

  boolean isValid();

  /** The current key; only called when valid. The array is the caller's: a copy no one else holds. */
  byte[] key();

  /** The current value; only called when valid. The array is the caller's: a copy no one else holds. */
  byte[] value();

  /**
   * Steps from the current entry in {@code batch}'s direction ({@link #next()} forward, else
   * {@link #prev()}) and adds each entry it lands on, key and (when the batch asks for them) value, the
   * caller's arrays as {@link #key()} and {@link #value()} give them, until the batch is full, the
   * cursor is off the end, or it lands on a key outside the batch's bound (which is not added; the
   * cursor stays on it, or is off the end when the engine stops at its bounds itself). Afterwards the
   * cursor is where those steps left it: on the last entry added when the batch is full. Only called
   * when valid.
   *
   * <p>A failure ends the call: the entries added before it stay in the batch, the exception is
   * thrown, and the cursor is left as a failed {@code next()} leaves it.
   *
   * @implSpec The default runs the steps above one by one. An engine overrides it to pay its per-call
   *     costs (a lock, a map stamp, a native crossing) once per batch rather than per entry, with the
   *     same checks per entry as its single steps.
   */
  default void readAhead(ReadAhead batch) {
    boolean forward = batch.forward();
    boolean values = batch.withValues();
    while (!batch.isFull()) {
      if (forward) {
        next();
      } else {
        prev();
      }
      if (!isValid()) {
        return;
      }
      byte[] key = key();
      if (!batch.within(key)) {
        return;
      }
      batch.add(key, values ? value() : null);
    }
  }

  /** Releases the cursor; never called twice. */
  @Override
  void close();
}
