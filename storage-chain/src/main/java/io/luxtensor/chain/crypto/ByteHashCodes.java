package io.luxtensor.chain.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Hash codes of the fixed-size byte values ({@link Address}, {@link Hash}), eight bytes at a time.
 *
 * <p>Why not {@link java.util.Arrays#hashCode(byte[])}: it multiplies byte by byte, ~30 dependent
 * steps for a hash, and these values are map keys on the state store's hottest paths (its caches,
 * the diff layers, a commit's maps). Every word is mixed in, so keys that differ in one byte
 * anywhere (sequential test addresses as much as Keccak outputs) spread over a table.
 */
final class ByteHashCodes {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

  private ByteHashCodes() {}

  /** A hash code of all of {@code bytes}, equal for equal contents. */
  static int of(byte[] bytes) {
    long hash = bytes.length;
    int i = 0;
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      hash = Long.rotateLeft((hash ^ (long) LONGS.get(bytes, i)) * MULTIPLIER, 29);
    }
    for (; i < bytes.length; i++) {
      hash = Long.rotateLeft((hash ^ (bytes[i] & 0xFF)) * MULTIPLIER, 29);
    }
    return (int) (hash ^ hash >>> 32);
  }
}
