package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.ChainException;

/**
 * Thrown when a trie needs a node that its {@link TrieStore} does not hold: the root was never
 * committed to this store, or its nodes were pruned or lost. The trie never substitutes a
 * guess for a missing node, so an operation that throws this has returned no data.
 */
public final class MissingNodeException extends ChainException {

  private static final long serialVersionUID = 1L;

  private final transient Hash nodeHash;

  MissingNodeException(Hash nodeHash, String where) {
    super("trie node " + nodeHash + " (" + where + ") is not in the node store; "
        + "the root was not committed to this store, or its nodes were pruned");
    this.nodeHash = nodeHash;
  }

  /** Hash of the node that was not found. */
  public Hash nodeHash() {
    return nodeHash;
  }
}
