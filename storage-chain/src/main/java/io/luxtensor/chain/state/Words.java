package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * 32-byte storage words. Storage slot keys and values are {@link Hash} values, as in geth: a
 * fixed 32-byte word, big-endian, with {@link Hash#ZERO} as the value of an unset slot. These
 * helpers convert them to and from numbers and the quantity text of genesis and test files.
 *
 * <p>Stateless and thread-safe.
 */
public final class Words {

  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(256);

  private Words() {}

  /**
   * {@code value} as a big-endian 32-byte word.
   *
   * @throws IllegalArgumentException if {@code value} is negative or does not fit 256 bits
   */
  public static Hash of(BigInteger value) {
    if (value.signum() < 0 || value.compareTo(LIMIT) >= 0) {
      throw new IllegalArgumentException("a storage word holds [0, 2^256), got " + value);
    }
    byte[] raw = value.toByteArray();
    byte[] word = new byte[Hash.LENGTH];
    int copy = Math.min(raw.length, Hash.LENGTH);
    System.arraycopy(raw, raw.length - copy, word, Hash.LENGTH - copy, copy);
    return new Hash(word);
  }

  /** {@link #of(BigInteger)} for a non-negative {@code long}. */
  public static Hash of(long value) {
    return of(BigInteger.valueOf(value));
  }

  /** The word as a non-negative number. */
  public static BigInteger toBigInteger(Hash word) {
    return new BigInteger(1, word.bytes());
  }

  /**
   * A word from quantity text: {@code 0x} hex of any length up to 64 digits, or decimal
   * ({@link Hex#parseQuantity}), as test and genesis files write storage keys and values.
   *
   * @throws IllegalArgumentException if the text is not a quantity below 2^256
   */
  public static Hash parse(String quantity) {
    return of(Hex.parseQuantity(quantity));
  }

  /** The word without leading zero bytes, as flat storage, history and the storage trie keep it ({@link StateLayout}); empty for zero. */
  public static byte[] trimmed(Hash word) {
    byte[] bytes = word.bytes();
    int skip = 0;
    while (skip < bytes.length && bytes[skip] == 0) {
      skip++;
    }
    return Arrays.copyOfRange(bytes, skip, bytes.length);
  }

  /** The inverse of {@link #trimmed}: a word from at most 32 big-endian bytes. */
  static Hash fromTrimmed(byte[] trimmed) {
    if (trimmed.length > Hash.LENGTH) {
      throw new IllegalArgumentException("a storage word has at most 32 bytes, got " + trimmed.length);
    }
    byte[] word = new byte[Hash.LENGTH];
    System.arraycopy(trimmed, 0, word, Hash.LENGTH - trimmed.length, trimmed.length);
    return new Hash(word);
  }
}
