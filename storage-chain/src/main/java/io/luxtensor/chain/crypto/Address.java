package io.luxtensor.chain.crypto;

import java.util.Arrays;

/**
 * A 20-byte account address.
 *
 * <p>Immutable and thread-safe: the constructor and {@link #bytes()} copy. Equality and hash
 * code follow the bytes; {@link #compareTo} orders by the bytes as unsigned big-endian
 * numbers. Printed as lowercase hex without the EIP-55 checksum; parsing accepts either case
 * and does not verify a checksum. Never holds {@code null}.
 */
public record Address(byte[] bytes) implements Comparable<Address> {

  /** Size in bytes. */
  public static final int LENGTH = 20;

  /** The all-zero address. */
  public static final Address ZERO = new Address(new byte[LENGTH]);

  /**
   * Copies {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not exactly 20 bytes long
   */
  public Address {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an Address is " + LENGTH + " bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** Wraps a copy of {@code bytes}, which must be 20 bytes long. */
  public static Address of(byte[] bytes) {
    return new Address(bytes);
  }

  /**
   * Parses {@code 0x} and 40 hex digits of either case.
   *
   * @throws IllegalArgumentException if the prefix is missing, a digit is not hex or the
   *     length is not 20 bytes
   */
  public static Address fromHex(String hex) {
    return new Address(Hex.decodePrefixed(hex, LENGTH, "Address"));
  }

  /**
   * Parses 40 hex digits of either case with or without {@code 0x}, as genesis files write the
   * keys of their allocation.
   *
   * @throws IllegalArgumentException if a digit is not hex or the length is not 20 bytes
   */
  public static Address parse(String hex) {
    byte[] bytes = Hex.decode(hex.strip());
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an Address needs " + LENGTH + " bytes (40 hex digits) but \"" + hex
          + "\" has " + bytes.length);
    }
    return new Address(bytes);
  }

  /** A copy of the 20 bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code 0x} and 40 lowercase hex digits. */
  public String toHex() {
    return Hex.encode(bytes);
  }

  /** Keccak-256 of the address bytes: its path in the secure state trie. */
  public Hash keccak256() {
    return Hash.keccak256(bytes);
  }

  @Override
  public int compareTo(Address other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Address that && Arrays.equals(bytes, that.bytes);
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
