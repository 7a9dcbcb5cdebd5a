package io.luxtensor.storage;

import io.luxtensor.storage.spi.Bounds;
import java.util.Arrays;
import java.util.Objects;

/**
 * A half-open range of keys {@code [from, to)} in {@linkplain Keys#ORDER unsigned order}. Either
 * bound may be open ({@code null}). A range whose {@code from >= to} is empty. Immutable: the bounds
 * are copied on the way in and out.
 *
 * <pre>{@code
 * KeyRange.all()                       // every key
 * KeyRange.prefix(bytes("acct:"))      // keys starting with "acct:"
 * KeyRange.of(bytes("a"), bytes("m"))  // "a" <= key < "m"
 * KeyRange.atLeast(bytes("m"))         // "m" <= key
 * }</pre>
 *
 * @param from inclusive lower bound, or {@code null} for no lower bound
 * @param to exclusive upper bound, or {@code null} for no upper bound
 */
public record KeyRange(byte[] from, byte[] to) {

  private static final KeyRange ALL = new KeyRange(null, null);

  public KeyRange {
    from = from == null ? null : from.clone();
    to = to == null ? null : to.clone();
  }

  /** Every key. */
  public static KeyRange all() {
    return ALL;
  }

  /** Keys {@code k} with {@code from <= k < to}. */
  public static KeyRange of(byte[] from, byte[] to) {
    return new KeyRange(Objects.requireNonNull(from, "from is required; use atMost/below for an open lower bound"),
        Objects.requireNonNull(to, "to is required; use atLeast for an open upper bound"));
  }

  /** Keys {@code k} with {@code from <= k}. */
  public static KeyRange atLeast(byte[] from) {
    return new KeyRange(Objects.requireNonNull(from, "from is required"), null);
  }

  /** Keys {@code k} with {@code k < to}. */
  public static KeyRange below(byte[] to) {
    return new KeyRange(null, Objects.requireNonNull(to, "to is required"));
  }

  /** Keys that start with {@code prefix}; the upper bound is {@link Keys#prefixSuccessor(byte[])}. */
  public static KeyRange prefix(byte[] prefix) {
    Objects.requireNonNull(prefix, "prefix is required");
    return new KeyRange(prefix.length == 0 ? null : prefix, Keys.prefixSuccessor(prefix));
  }

  @Override
  public byte[] from() {
    return from == null ? null : from.clone();
  }

  @Override
  public byte[] to() {
    return to == null ? null : to.clone();
  }

  /** Whether {@code key} lies in the range. */
  public boolean contains(byte[] key) {
    return (from == null || Keys.compare(key, from) >= 0) && (to == null || Keys.compare(key, to) < 0);
  }

  /** Whether no key can lie in the range: {@code from >= to}, or an empty upper bound (no key is below it). */
  public boolean isEmpty() {
    return to != null && (to.length == 0 || from != null && Keys.compare(from, to) >= 0);
  }

  /** Whether both bounds are open. */
  public boolean isAll() {
    return from == null && to == null;
  }

  /** The range as the SPI hands it to engines, sharing the bounds' arrays (which no one modifies). */
  Bounds bounds() {
    return Bounds.of(from, to);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRange other && Arrays.equals(from, other.from) && Arrays.equals(to, other.to);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(from) + Arrays.hashCode(to);
  }

  @Override
  public String toString() {
    return "[" + (from == null ? "-inf" : Keys.toHex(from)) + ", " + (to == null ? "+inf" : Keys.toHex(to)) + ")";
  }
}
