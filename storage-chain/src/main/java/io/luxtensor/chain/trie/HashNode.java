package io.luxtensor.chain.trie;

/** A reference by hash to a stored node that has not been loaded; resolved through {@link TrieStore}. */
final class HashNode extends Node {

  final NodeId id;
  /**
   * The node this reference names, once loaded while a walk scope was open
   * ({@link TrieStore#openWalkScope}), until the scope closes; else null. The walks of a commit
   * pass through the same references again and again (every path from the root, then the updates
   * over the paths loaded ahead), and following this costs nothing where a lookup by hash costs a
   * few cache misses. Nodes are content-addressed, so any thread that reads it reads the node named;
   * the scope clears it so that a reference inside a long-lived node keeps no walk's nodes.
   */
  volatile Node loaded;

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
