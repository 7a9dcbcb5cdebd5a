package io.luxtensor.chain.crypto;

import java.util.Arrays;

/**
 * A 32-byte hash, typically a Keccak-256 digest (block hashes, trie roots, node keys).
 *
 * <p>Immutable and thread-safe: the constructor and {@link #bytes()} copy. Equality and hash
 * code follow the bytes; {@link #compareTo} orders by the bytes as unsigned big-endian
 * numbers, which is also the key order of every storage engine. Never holds {@code null}.
 */
public record Hash(byte[] bytes) implements Comparable<Hash> {

  /** Size in bytes. */
  public static final int LENGTH = 32;

  /** All zero bytes. */
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  /**
   * Root of the empty Merkle Patricia Trie: Keccak-256 of the RLP empty string ({@code 0x80}),
   * {@code 0x56e81f…b421}; the storage root of an account without storage.
   */
  public static final Hash EMPTY_TRIE_ROOT = new Hash(Keccak256.hash(new byte[] {(byte) 0x80}));

  /** Keccak-256 of no bytes, {@code 0xc5d246…a470}: the code hash of an account without code. */
  public static final Hash EMPTY_CODE_HASH = new Hash(Keccak256.hash(new byte[0]));

  /**
   * Copies {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not exactly 32 bytes long
   */
  public Hash {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a Hash is " + LENGTH + " bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** Wraps a copy of {@code bytes}, which must be 32 bytes long. */
  public static Hash of(byte[] bytes) {
    return new Hash(bytes);
  }

  /** Keccak-256 of {@code data}. */
  public static Hash keccak256(byte[] data) {
    return new Hash(Keccak256.hash(data));
  }

  /**
   * Parses {@code 0x} and 64 hex digits of either case.
   *
   * @throws IllegalArgumentException if the prefix is missing, a digit is not hex or the
   *     length is not 32 bytes
   */
  public static Hash fromHex(String hex) {
    return new Hash(Hex.decodePrefixed(hex, LENGTH, "Hash"));
  }

  /** A copy of the 32 bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code 0x} and 64 lowercase hex digits. */
  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public int compareTo(Hash other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return ByteHashCodes.of(bytes);
  }

  /** Same as {@link #toHex()}. */
  @Override
  public String toString() {
    return toHex();
  }
}
