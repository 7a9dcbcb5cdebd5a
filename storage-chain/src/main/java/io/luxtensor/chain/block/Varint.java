package io.luxtensor.chain.block;

/**
 * Unsigned LEB128 varints of non-negative ints: 7 bits per byte, low bits first, the high bit set
 * on every byte but the last. Prefix-free: no encoding is the start of another. Stateless.
 */
final class Varint {

  private Varint() {}

  static int length(int value) {
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /** Writes {@code value} at {@code pos}; returns the position after it. */
  static int write(byte[] out, int pos, int value) {
    while ((value & ~0x7f) != 0) {
      out[pos++] = (byte) (value & 0x7f | 0x80);
      value >>>= 7;
    }
    out[pos++] = (byte) value;
    return pos;
  }

  /**
   * The varint at {@code offset}; its length is {@link #length} of the result.
   *
   * @throws IllegalArgumentException if it runs past the end, is longer than 5 bytes, is not the
   *     shortest encoding or exceeds an int
   */
  static int read(byte[] bytes, int offset) {
    int value = 0;
    for (int i = 0; i < 5; i++) {
      if (offset + i >= bytes.length) {
        throw new IllegalArgumentException("varint runs past the end at offset " + offset);
      }
      int b = bytes[offset + i] & 0xff;
      value |= (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (i > 0 && b == 0 || i == 4 && b > 0x07) {
          throw new IllegalArgumentException("varint at offset " + offset + " is not canonical");
        }
        return value;
      }
    }
    throw new IllegalArgumentException("varint at offset " + offset + " is longer than 5 bytes");
  }
}
