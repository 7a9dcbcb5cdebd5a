package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import java.util.List;

/**
 * What the indexes need of one block: its hash and height, its transactions with their senders,
 * and its receipts (empty when the block was stored without them). Immutable.
 */
record BlockContents(Hash hash, long height, List<Transaction> transactions, List<Address> senders,
    List<Receipt> receipts) {

  BlockContents {
    transactions = List.copyOf(transactions);
    senders = List.copyOf(senders);
    receipts = List.copyOf(receipts);
  }
}
