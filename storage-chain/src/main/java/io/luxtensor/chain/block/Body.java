package io.luxtensor.chain.block;

import java.util.List;
import java.util.Optional;

/**
 * The contents of a block besides its header: transactions in block order, ommer (uncle)
 * headers, and withdrawals, present exactly for Shanghai and later blocks. Immutable.
 */
public record Body(List<Transaction> transactions, List<Header> ommers, Optional<List<Withdrawal>> withdrawals) {

  /** Copies the lists. */
  public Body {
    transactions = List.copyOf(transactions);
    ommers = List.copyOf(ommers);
    withdrawals = withdrawals.map(List::copyOf);
  }
}
