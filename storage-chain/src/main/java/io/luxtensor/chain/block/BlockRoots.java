package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpString;
import io.luxtensor.chain.trie.MerklePatriciaTrie;
import io.luxtensor.chain.trie.TrieStore;
import java.util.List;
import java.util.function.Function;

/**
 * The trie roots a header commits to: transactions, receipts and withdrawals, each the root of
 * a trie keyed by {@code RLP(index)} whose values are the transaction envelopes, the receipt
 * encodings and the withdrawal RLPs.
 *
 * <p>The tries are built in memory and never committed, so the {@link TrieStore} given is
 * never read or written; it only satisfies the trie's constructor. Thread-safe.
 */
public final class BlockRoots {

  /** Root of the empty trie, the root of an empty list. */
  public static final Hash EMPTY_ROOT = MerklePatriciaTrie.EMPTY_ROOT;

  private final TrieStore unusedStore;

  /** Roots computed with tries over {@code unusedStore}, which they never touch. */
  public BlockRoots(TrieStore unusedStore) {
    this.unusedStore = unusedStore;
  }

  public Hash transactionsRoot(List<Transaction> transactions) {
    return root(transactions, Transaction::encodedUnsafe);
  }

  public Hash receiptsRoot(List<Receipt> receipts) {
    return root(receipts, Receipt::encode);
  }

  public Hash withdrawalsRoot(List<Withdrawal> withdrawals) {
    return root(withdrawals, Withdrawal::encode);
  }

  private <T> Hash root(List<T> items, Function<T, byte[]> value) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(unusedStore);
    for (int i = 0; i < items.size(); i++) {
      trie.put(RlpString.ofUnsigned(i).encode(), value.apply(items.get(i)));
    }
    return trie.rootHash();
  }
}
