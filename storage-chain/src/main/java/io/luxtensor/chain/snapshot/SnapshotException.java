package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.ChainException;

/**
 * Root of the errors state snapshots raise of their own: a store that cannot take an import, a
 * manifest that is malformed, an import asked to finish before it has every chunk, an incremental
 * snapshot that does not fit the target. Unchecked; messages say what to do.
 */
public class SnapshotException extends ChainException {

  private static final long serialVersionUID = 1L;

  public SnapshotException(String message) {
    super(message);
  }

  public SnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
