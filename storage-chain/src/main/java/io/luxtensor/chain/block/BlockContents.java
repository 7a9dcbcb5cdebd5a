package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import java.util.List;

/**
 * What the indexes need of one stored block: its hash and {@link BlockRef}, its transactions with
 * their senders, and the logs of each transaction's receipt (empty when the block was stored
 * without receipts). Immutable.
 */
record BlockContents(Hash hash, BlockRef ref, List<Transaction> transactions, List<Address> senders,
    List<List<Log>> logs) {

  BlockContents {
    transactions = List.copyOf(transactions);
    senders = List.copyOf(senders);
    logs = List.copyOf(logs);
  }

  long height() {
    return ref.height();
  }

  /** The logs of {@code receipts}, one list per transaction. */
  static List<List<Log>> logsOf(List<Receipt> receipts) {
    return receipts.stream().map(Receipt::logs).toList();
  }
}
