package io.luxtensor.chain.state;

/**
 * The state asked for is not kept: a height outside the retention window (pruned, rolled back or
 * not yet committed) or a root whose trie is not in the store. Unchecked.
 */
public final class StateUnavailableException extends StateException {

  private static final long serialVersionUID = 1L;

  public StateUnavailableException(String message) {
    super(message);
  }
}
