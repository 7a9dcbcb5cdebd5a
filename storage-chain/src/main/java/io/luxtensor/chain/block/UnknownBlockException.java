package io.luxtensor.chain.block;

import io.luxtensor.chain.ChainException;

/** A block was named (for example to {@link BlockStore#setHead}) that the store does not hold. Unchecked. */
public final class UnknownBlockException extends ChainException {

  private static final long serialVersionUID = 1L;

  public UnknownBlockException(String message) {
    super(message);
  }
}
