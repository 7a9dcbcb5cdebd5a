package io.luxtensor.chain.block;

import io.luxtensor.chain.ChainException;

/**
 * Bytes that are valid RLP but not a valid block, header, transaction, receipt or withdrawal:
 * a wrong number of fields, a field of the wrong size, a field of a later fork without the
 * fields of the forks before it, an unknown transaction type, or a signature no key can have made.
 *
 * <p>Unchecked. The message names the structure, the field and what was wrong with it. Bytes
 * that are not canonical RLP at all are reported as {@link io.luxtensor.chain.rlp.RlpException}.
 */
public class BlockFormatException extends ChainException {

  private static final long serialVersionUID = 1L;

  public BlockFormatException(String message) {
    super(message);
  }

  public BlockFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
