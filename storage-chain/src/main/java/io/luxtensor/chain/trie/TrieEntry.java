package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Hex;
import java.util.Arrays;

/**
 * One key and its value, as produced by trie iteration.
 *
 * <p>Immutable: the constructor and accessors copy. Equality and hash code follow the bytes.
 * Neither component is {@code null}; values are never empty (the trie does not store empty values).
 */
public record TrieEntry(byte[] key, byte[] value) {

  /** Copies both arrays. */
  public TrieEntry {
    key = key.clone();
    value = value.clone();
  }

  /** A copy of the key. */
  @Override
  public byte[] key() {
    return key.clone();
  }

  /** A copy of the value. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrieEntry that && Arrays.equals(key, that.key) && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "TrieEntry[" + Hex.encode(key) + " -> " + Hex.encode(value) + "]";
  }
}
