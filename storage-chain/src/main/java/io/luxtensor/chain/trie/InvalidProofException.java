package io.luxtensor.chain.trie;

import io.luxtensor.chain.ChainException;

/**
 * Thrown by {@link MerkleProofs#verify} when a proof does not establish anything about the
 * root: a node it needs is missing or altered (its hash no longer chains to the root), or a
 * node is malformed. A valid proof of absence is not an error; it yields an empty result.
 */
public final class InvalidProofException extends ChainException {

  private static final long serialVersionUID = 1L;

  public InvalidProofException(String message) {
    super(message);
  }

  public InvalidProofException(String message, Throwable cause) {
    super(message, cause);
  }
}
