package io.luxtensor.storage;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * The one key order of the storage layer, and small helpers on keys.
 *
 * <p>Keys sort <em>unsigned lexicographically</em> in every engine: bytes compare as values 0..255,
 * and a key sorts before every longer key it is a prefix of:
 * {@code [] < [0x01] < [0x01, 0x7F] < [0x01, 0x80] < [0x02] < [0xFF]}. This is the order of RocksDB's
 * default bytewise comparator and of LMDB, and of {@link Arrays#compareUnsigned(byte[], byte[])}.
 */
public final class Keys {

  /** Unsigned lexicographic order; thread-safe and stateless. */
  public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private static final HexFormat HEX = HexFormat.of();

  private Keys() {}

  /** Compares two keys in the store order. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}, or {@code null} when
   * there is none (the prefix is empty or all {@code 0xFF}). Used as the exclusive upper bound of
   * {@link KeyRange#prefix(byte[])}.
   */
  public static byte[] prefixSuccessor(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] successor = Arrays.copyOf(prefix, i + 1);
        successor[i]++;
        return successor;
      }
    }
    return null;
  }

  /** Lowercase hex of a key, for messages and tools. */
  public static String toHex(byte[] key) {
    return HEX.formatHex(key);
  }

  /** Parses lowercase or uppercase hex, without a prefix. */
  public static byte[] fromHex(String hex) {
    return HEX.parseHex(hex);
  }
}
