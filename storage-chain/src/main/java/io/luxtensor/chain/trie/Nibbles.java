package io.luxtensor.chain.trie;

import java.util.Arrays;

/** Nibble-path helpers: a path is a {@code byte[]} holding one 4-bit value (0..15) per element. */
final class Nibbles {

  static final byte[] EMPTY = new byte[0];

  private Nibbles() {}

  /** The nibbles of {@code bytes}, high nibble first. */
  static byte[] fromBytes(byte[] bytes) {
    byte[] out = new byte[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = (byte) ((bytes[i] >> 4) & 0x0f);
      out[2 * i + 1] = (byte) (bytes[i] & 0x0f);
    }
    return out;
  }

  /**
   * Packs an even-length nibble path back into bytes.
   *
   * @throws IllegalStateException if the path has an odd length, which no byte key produces
   */
  static byte[] toBytes(byte[] nibbles, int length) {
    if (length % 2 != 0) {
      throw new IllegalStateException("a key path of " + length + " nibbles is not a whole number of bytes");
    }
    byte[] out = new byte[length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (nibbles[2 * i] << 4 | nibbles[2 * i + 1]);
    }
    return out;
  }

  /** Length of the common prefix of {@code path} and {@code key[from..]}. */
  static int commonPrefix(byte[] path, byte[] key, int from) {
    int max = Math.min(path.length, key.length - from);
    int i = 0;
    while (i < max && path[i] == key[from + i]) {
      i++;
    }
    return i;
  }

  /** Whether {@code key[from..]} equals {@code path}. */
  static boolean matchesRest(byte[] path, byte[] key, int from) {
    return key.length - from == path.length
        && Arrays.equals(path, 0, path.length, key, from, key.length);
  }

  static byte[] slice(byte[] nibbles, int from, int to) {
    return from == to ? EMPTY : Arrays.copyOfRange(nibbles, from, to);
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] out = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }

  static byte[] prepend(int nibble, byte[] rest) {
    byte[] out = new byte[rest.length + 1];
    out[0] = (byte) nibble;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
