package io.luxtensor.chain.trie;

/**
 * Hex-prefix encoding of a nibble path with its leaf/extension flag (Yellow Paper, Appendix C).
 * The first nibble holds {@code 2 * leaf + odd}; an even path pads the first byte with a zero nibble.
 */
final class HexPrefix {

  /** A decoded path: its nibbles and whether it terminates in a leaf. */
  record Path(byte[] nibbles, boolean leaf) {}

  private HexPrefix() {}

  static byte[] encode(byte[] nibbles, boolean leaf) {
    int length = nibbles.length;
    boolean odd = (length & 1) == 1;
    byte[] out = new byte[length / 2 + 1];
    int flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
    int next = 0;
    if (odd) {
      out[0] = (byte) (flag << 4 | nibbles[0]);
      next = 1;
    } else {
      out[0] = (byte) (flag << 4);
    }
    for (int i = 1; i < out.length; i++, next += 2) {
      out[i] = (byte) (nibbles[next] << 4 | nibbles[next + 1]);
    }
    return out;
  }

  /**
   * Decodes a hex-prefixed path.
   *
   * @throws IllegalArgumentException if the input is empty, the flag is not 0..3, or an even
   *     path's padding nibble is not zero
   */
  static Path decode(byte[] encoded) {
    if (encoded.length == 0) {
      throw new IllegalArgumentException("hex-prefix path is empty");
    }
    int flag = (encoded[0] >> 4) & 0x0f;
    if (flag > 3) {
      throw new IllegalArgumentException("hex-prefix flag nibble " + flag + " is not 0..3");
    }
    boolean odd = (flag & 1) == 1;
    if (!odd && (encoded[0] & 0x0f) != 0) {
      throw new IllegalArgumentException("hex-prefix padding nibble of an even path is not zero");
    }
    byte[] nibbles = new byte[(encoded.length - 1) * 2 + (odd ? 1 : 0)];
    int next = 0;
    if (odd) {
      nibbles[next++] = (byte) (encoded[0] & 0x0f);
    }
    for (int i = 1; i < encoded.length; i++) {
      nibbles[next++] = (byte) ((encoded[i] >> 4) & 0x0f);
      nibbles[next++] = (byte) (encoded[i] & 0x0f);
    }
    return new Path(nibbles, flag >= 2);
  }
}
