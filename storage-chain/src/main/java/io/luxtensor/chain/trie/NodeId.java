package io.luxtensor.chain.trie;

import java.util.Arrays;

/**
 * A node hash as a cache key. Unlike {@link io.luxtensor.chain.crypto.Hash} it neither copies
 * the bytes nor recomputes its hash code: a {@link HashNode} builds its id once, and every
 * later lookup through it costs one map probe.
 */
final class NodeId {

  private final byte[] hash;
  private final int hashCode;

  /** Takes ownership of {@code hash}, which no one may modify afterwards. */
  NodeId(byte[] hash) {
    this.hash = hash;
    // Keccak output is uniformly distributed, so its first four bytes are as good as all 32.
    this.hashCode = (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | (hash[3] & 0xff);
  }

  byte[] bytes() {
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NodeId that && hashCode == that.hashCode && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }
}
