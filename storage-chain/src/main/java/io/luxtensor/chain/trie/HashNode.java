package io.luxtensor.chain.trie;

/** A reference by hash to a stored node that has not been loaded; resolved through {@link TrieStore}. */
final class HashNode extends Node {

  final NodeId id;

  /** Takes ownership of {@code hash}. */
  HashNode(byte[] hash) {
    super(null, hash);
    this.id = new NodeId(hash);
  }

  @Override
  boolean isHashReferenced() {
    return true;
  }

  @Override
  byte[] encode() {
    throw new IllegalStateException("a hash reference has no encoding of its own; resolve it first");
  }
}
