package io.luxtensor.chain.rlp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An RLP byte string.
 *
 * <p>Immutable: the constructor and {@link #bytes()} copy, so neither the caller's array nor
 * the returned one aliases the internal state. Equality and hash code follow the byte content.
 * {@code bytes} must not be {@code null}; the empty string is legal (it encodes as {@code 0x80}).
 */
public record RlpString(byte[] bytes) implements RlpItem {

  /** The empty string, which is also how RLP writes the integer zero. */
  public static final RlpString EMPTY = new RlpString(new byte[0]);

  /** Copies {@code bytes}. */
  public RlpString {
    if (bytes == null) {
      throw new NullPointerException("RLP string bytes must not be null; use RlpString.EMPTY");
    }
    bytes = bytes.clone();
  }

  /** The UTF-8 bytes of {@code text}. */
  public static RlpString ofUtf8(String text) {
    return new RlpString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A non-negative integer as RLP writes it: big-endian, no leading zero bytes, zero as the
   * empty string.
   *
   * @throws RlpException if {@code value} is negative (RLP has no signed integers)
   */
  public static RlpString ofUnsigned(BigInteger value) {
    return new RlpString(RlpEncoder.unsignedBytes(value));
  }

  /** {@link #ofUnsigned(BigInteger)} for a {@code long}. */
  public static RlpString ofUnsigned(long value) {
    return new RlpString(RlpEncoder.unsignedBytes(value));
  }

  /** A copy of the content. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Number of content bytes, without copying them. */
  public int length() {
    return bytes.length;
  }

  /**
   * The content as a non-negative integer.
   *
   * @throws RlpException if the content has a leading zero byte (not canonical RLP)
   */
  public BigInteger asUnsigned() {
    if (bytes.length > 0 && bytes[0] == 0) {
      throw new RlpException("RLP integer has a leading zero byte: 0x" + HexFormat.of().formatHex(bytes));
    }
    return new BigInteger(1, bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RlpString that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "RlpString[0x" + HexFormat.of().formatHex(bytes) + "]";
  }

  /** The internal array, for encoders in this package that promise not to modify it. */
  byte[] unsafeBytes() {
    return bytes;
  }
}
