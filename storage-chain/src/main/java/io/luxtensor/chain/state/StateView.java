package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A read-only view of the world state at one height or root, from {@link StateStore#at(long)} or
 * {@link StateStore#at(Hash)}.
 *
 * <p>Thread-safe. A view keeps answering for its height while that height stays in the store's
 * retention window; once it is pruned or rolled back, reads throw
 * {@link StateUnavailableException}. Returned arrays are copies.
 */
public interface StateView {

  /** The height this view shows, if it was opened by height or its root is a kept height's root. */
  OptionalLong height();

  /** The state root of this view. */
  Hash root();

  /** The account at {@code address}, or empty if it does not exist. */
  Optional<Account> account(Address address);

  /** The value of {@code slot} of {@code address}; {@link Hash#ZERO} if unset or the account does not exist. */
  Hash storage(Address address, Hash slot);

  /** The code of {@code address}; empty if it has none or does not exist. */
  byte[] code(Address address);

  /** The balance of {@code address}; zero if it does not exist. */
  default BigInteger balance(Address address) {
    return account(address).map(Account::balance).orElse(BigInteger.ZERO);
  }

  /** The nonce of {@code address}; zero if it does not exist. */
  default long nonce(Address address) {
    return account(address).map(Account::nonce).orElse(0L);
  }

  /**
   * The account with EIP-1186 proofs of it and of {@code slots} against {@link #root()}.
   *
   * @throws StateUnavailableException if the store no longer keeps this height's trie: below its
   *     newest written trie it keeps only the tries it wrote ({@link StateConfig#trieFlushInterval})
   * @throws io.luxtensor.chain.trie.MissingNodeException if the trie nodes of this root were pruned
   */
  AccountProof proof(Address address, List<Hash> slots);
}
