package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Keccak256;

/**
 * A trie node. The structure is immutable, so a node loaded from the store can be shared by
 * every trie that reads it; updates build new nodes along the changed path only.
 *
 * <p>The RLP encoding and its hash are computed at most once and memoised, so hashing a trie
 * after a change re-encodes only the changed path. The memo fields are volatile because
 * loaded nodes are shared across threads through the {@link TrieStore} cache.
 */
abstract sealed class Node permits BranchNode, ExtensionNode, LeafNode, HashNode {

  /** Nodes whose encoding is shorter than this are embedded in their parent instead of hashed. */
  static final int EMBED_LIMIT = 32;

  private static final byte HASH_REF_PREFIX = (byte) 0xa0;

  private volatile byte[] rlp;
  private volatile byte[] hash;

  /**
   * Whether this node needs no write at commit: it came from the store, or was embedded in a
   * stored parent, or was committed already. Only ever set on nodes private to one trie.
   */
  boolean persisted;

  /** A node built by an update, not yet committed. */
  Node() {}

  /** A node decoded from {@code rlp}; {@code hash} may be null when the node was embedded. */
  Node(byte[] rlp, byte[] hash) {
    this.rlp = rlp;
    this.hash = hash;
    this.persisted = true;
  }

  /** The node's RLP encoding; callers must not modify it. */
  byte[] rlp() {
    byte[] result = rlp;
    if (result == null) {
      result = encode();
      rlp = result;
    }
    return result;
  }

  /** Keccak-256 of {@link #rlp()}; callers must not modify it. */
  byte[] hash() {
    byte[] result = hash;
    if (result == null) {
      result = Keccak256.hash(rlp());
      hash = result;
    }
    return result;
  }

  /** Whether the parent refers to this node by hash rather than embedding its RLP. */
  boolean isHashReferenced() {
    return rlp().length >= EMBED_LIMIT;
  }

  /** Size of this node's reference inside its parent's encoding. */
  int referenceLength() {
    return isHashReferenced() ? 1 + Keccak256.LENGTH : rlp().length;
  }

  /** Writes this node's reference (embedded RLP or the RLP string of its hash); returns the end offset. */
  int writeReference(byte[] target, int offset) {
    if (isHashReferenced()) {
      target[offset] = HASH_REF_PREFIX;
      System.arraycopy(hash(), 0, target, offset + 1, Keccak256.LENGTH);
      return offset + 1 + Keccak256.LENGTH;
    }
    byte[] encoded = rlp();
    System.arraycopy(encoded, 0, target, offset, encoded.length);
    return offset + encoded.length;
  }

  /** Builds the RLP encoding; called once, by {@link #rlp()}. */
  abstract byte[] encode();
}
