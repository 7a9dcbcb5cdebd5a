package io.luxtensor.chain.snapshot;

import java.util.Arrays;

/** A byte array with value equality and unsigned order, for map keys. Does not copy; callers do not mutate. */
record ByteKey(byte[] bytes) implements Comparable<ByteKey> {

  @Override
  public boolean equals(Object other) {
    return other instanceof ByteKey key && Arrays.equals(bytes, key.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(ByteKey other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return io.luxtensor.chain.crypto.Hex.encode(bytes);
  }
}
