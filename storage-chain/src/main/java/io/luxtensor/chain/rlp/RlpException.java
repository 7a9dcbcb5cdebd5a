package io.luxtensor.chain.rlp;

import io.luxtensor.chain.ChainException;

/**
 * Thrown when bytes are not canonical RLP, or a value cannot be represented in RLP.
 *
 * <p>Unchecked (a {@link ChainException}): malformed input is a caller or peer error, not a condition to recover from
 * locally. The message names the offset into the input at which decoding failed and what
 * was wrong there; {@link #offset()} gives the same offset programmatically ({@code -1}
 * when the error is not tied to a position).
 */
public final class RlpException extends ChainException {

  private static final long serialVersionUID = 1L;

  private final int offset;

  /** An error at {@code offset} of the decoded input. */
  public RlpException(int offset, String problem) {
    super("invalid RLP at offset " + offset + ": " + problem);
    this.offset = offset;
  }

  /** An error not tied to an input position (for example an unencodable value). */
  public RlpException(String problem) {
    super(problem);
    this.offset = -1;
  }

  /** The offset into the decoded input where the problem was found, or {@code -1}. */
  public int offset() {
    return offset;
  }
}
