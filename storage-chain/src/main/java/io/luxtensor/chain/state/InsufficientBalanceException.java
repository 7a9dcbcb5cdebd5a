package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import java.math.BigInteger;

/** A transfer asked for more than the sender holds; nothing was changed. Unchecked. */
public final class InsufficientBalanceException extends StateException {

  private static final long serialVersionUID = 1L;

  private final transient Address sender;
  private final BigInteger balance;
  private final BigInteger amount;

  public InsufficientBalanceException(Address sender, BigInteger balance, BigInteger amount) {
    super("account " + sender + " cannot send " + amount + ": its balance is " + balance
        + "; fund it first or send at most the balance");
    this.sender = sender;
    this.balance = balance;
    this.amount = amount;
  }

  /** The account that lacks the funds. */
  public Address sender() {
    return sender;
  }

  /** Its balance when the transfer was refused. */
  public BigInteger balance() {
    return balance;
  }

  /** The amount asked for. */
  public BigInteger amount() {
    return amount;
  }
}
