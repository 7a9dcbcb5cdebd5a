package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;

/**
 * A transfer named a nonce other than the sender's next one, or the sender's nonce cannot grow
 * further; nothing was changed. Unchecked.
 */
public final class InvalidNonceException extends StateException {

  private static final long serialVersionUID = 1L;

  private final long expected;
  private final long actual;

  public InvalidNonceException(Address sender, long expected, long actual) {
    super("account " + sender + " has nonce " + actual + " but the transfer was signed for nonce " + expected
        + (actual == Long.MAX_VALUE ? "; the nonce cannot grow further" : "; resubmit with nonce " + actual));
    this.expected = expected;
    this.actual = actual;
  }

  /** The nonce the transfer named. */
  public long expected() {
    return expected;
  }

  /** The sender's nonce. */
  public long actual() {
    return actual;
  }
}
