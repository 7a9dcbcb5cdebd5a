package io.luxtensor.storage.spi;

import io.luxtensor.storage.Keys;

/**
 * The bounds of a cursor or a compaction as the decorator hands them to an engine: an inclusive
 * {@link #lower()} and an exclusive {@link #upper()}, either {@code null} when open. Never empty: the
 * decorator answers an empty range itself. An engine reads the arrays without copying and never
 * modifies them. A bound may be longer than the engine's {@linkplain StorageEngineProvider#maxKeySize()
 * maximum key size}: bounds are not keys, and an engine whose native cursor cannot seek to such a
 * bound must still order it correctly (seeking to a truncated bound and stepping is enough).
 */
public final class Bounds {

  private static final Bounds ALL = new Bounds(null, null);

  private final byte[] lower;
  private final byte[] upper;

  private Bounds(byte[] lower, byte[] upper) {
    this.lower = lower;
    this.upper = upper;
  }

  /** No bound on either side. */
  public static Bounds all() {
    return ALL;
  }

  /**
   * Bounds over arrays the caller hands over and never modifies again. An empty lower bound is
   * normalised to an open one (every key is at least the empty array).
   */
  public static Bounds of(byte[] lower, byte[] upper) {
    byte[] from = lower == null || lower.length == 0 ? null : lower;
    return from == null && upper == null ? ALL : new Bounds(from, upper);
  }

  /** The inclusive lower bound, or {@code null}; read-only. */
  public byte[] lower() {
    return lower;
  }

  /** The exclusive upper bound, or {@code null}; read-only. */
  public byte[] upper() {
    return upper;
  }

  /** Whether {@code key} lies within the bounds. */
  public boolean contains(byte[] key) {
    return (lower == null || Keys.compare(key, lower) >= 0) && (upper == null || Keys.compare(key, upper) < 0);
  }

  @Override
  public String toString() {
    return "[" + (lower == null ? "-inf" : Keys.toHex(lower)) + ", " + (upper == null ? "+inf" : Keys.toHex(upper)) + ")";
  }
}
