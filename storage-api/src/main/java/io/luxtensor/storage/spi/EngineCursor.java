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

  /** Releases the cursor; never called twice. */
  @Override
  void close();
}
