package io.luxtensor.chain;

import io.luxtensor.storage.StorageException;

/**
 * Root of every error the chain layer ({@code io.luxtensor.chain} and its subpackages) throws of
 * its own: malformed RLP, invalid Merkle proofs, trie nodes missing from the store, invalid blocks,
 * state-transition refusals. Catch this type to handle every chain error in one place.
 *
 * <p>It extends {@link StorageException} rather than {@code RuntimeException} because the chain
 * layer is part of the storage library and the design keeps one unchecked hierarchy for it: a
 * caller that already catches {@code StorageException} around a store keeps catching everything
 * the chain stores built on it throw, and errors that are storage conditions by nature (a trie
 * node missing from its column family) can belong to both trees without a second root. Errors
 * the storage API itself raises on the chain's behalf (for example {@code CorruptionException}
 * for a node whose bytes no longer hash to its key) stay the API's types and are not wrapped.
 *
 * <p>Unchecked; messages say what was asked, what was wrong and what to do.
 */
public class ChainException extends StorageException {

  private static final long serialVersionUID = 1L;

  public ChainException(String message) {
    super(message);
  }

  public ChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
