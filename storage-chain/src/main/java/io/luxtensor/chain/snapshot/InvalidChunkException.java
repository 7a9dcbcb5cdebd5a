package io.luxtensor.chain.snapshot;

/**
 * A chunk was refused: its bytes do not hash to the manifest's entry, it is malformed, or its
 * accounts, storage, code or range proof do not check out against the manifest's state root.
 * Nothing of a refused chunk is written; fetch it again (from another peer) and retry.
 */
public final class InvalidChunkException extends SnapshotException {

  private static final long serialVersionUID = 1L;

  private final int chunk;

  public InvalidChunkException(int chunk, String reason) {
    super("chunk " + chunk + " refused: " + reason + "; nothing of it was kept, fetch it again");
    this.chunk = chunk;
  }

  /** The index of the refused chunk in the manifest. */
  public int chunk() {
    return chunk;
  }
}
