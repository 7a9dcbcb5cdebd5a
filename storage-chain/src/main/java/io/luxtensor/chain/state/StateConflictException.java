package io.luxtensor.chain.state;

/**
 * A {@link WorldState} tried to commit after the head it was opened on had moved (another commit
 * or a {@code rollbackTo} came first); nothing was written. Open a new world state and replay
 * the changes. Unchecked.
 */
public final class StateConflictException extends StateException {

  private static final long serialVersionUID = 1L;

  public StateConflictException(String message) {
    super(message);
  }
}
