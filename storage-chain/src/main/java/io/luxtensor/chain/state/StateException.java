package io.luxtensor.chain.state;

import io.luxtensor.chain.ChainException;

/**
 * Root of the errors the state store raises of its own: refused state transitions, heights or
 * roots outside what is kept, and conflicting writers. Unchecked.
 */
public class StateException extends ChainException {

  private static final long serialVersionUID = 1L;

  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
