package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpSlice;
import io.luxtensor.chain.trie.InvalidProofException;
import io.luxtensor.chain.trie.MerkleProofs;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An account and some of its storage slots with Merkle proofs, in the shape of EIP-1186
 * ({@code eth_getProof}): the account proof runs from the state root to the account, each storage
 * proof from the account's storage root to the slot. {@link #verify} needs nothing but the state
 * root. Proofs of absence are proofs too: an absent account has an empty {@link #account()}, an
 * unset slot the value {@link Hash#ZERO}.
 *
 * <p>Immutable and thread-safe; the lists are unmodifiable and their arrays must not be changed.
 *
 * @param address the account
 * @param account its value, or empty if it does not exist
 * @param accountProof the RLP of the state trie nodes on the path to the account, root first
 * @param storageProofs one per requested slot, in request order
 */
public record AccountProof(Address address, Optional<Account> account, List<byte[]> accountProof,
    List<StorageProof> storageProofs) {

  /** Copies the lists. */
  public AccountProof {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(account, "account");
    accountProof = List.copyOf(accountProof);
    storageProofs = List.copyOf(storageProofs);
  }

  /**
   * One slot with its proof from the account's storage root.
   *
   * @param slot the slot key
   * @param value its value, {@link Hash#ZERO} if unset
   * @param proof the RLP of the storage trie nodes on the path, root first
   */
  public record StorageProof(Hash slot, Hash value, List<byte[]> proof) {
    /** Copies the list. */
    public StorageProof {
      Objects.requireNonNull(slot, "slot");
      Objects.requireNonNull(value, "value");
      proof = List.copyOf(proof);
    }
  }

  /**
   * Checks every proof against {@code stateRoot}: the account proof must establish exactly
   * {@link #account()} under {@link #address()}, and each storage proof exactly its value under
   * the proved account's storage root.
   *
   * @throws InvalidProofException if a proof does not chain to its root or proves another value
   */
  public void verify(Hash stateRoot) {
    Optional<byte[]> proved = MerkleProofs.verifySecure(stateRoot, address.bytes(), accountProof);
    Optional<Account> provedAccount;
    try {
      provedAccount = proved.map(Account::decode);
    } catch (RlpException e) {
      throw new InvalidProofException("the account proof of " + address + " ends in a value that is not an account");
    }
    if (!provedAccount.equals(account)) {
      throw new InvalidProofException("the account proof of " + address + " proves " + provedAccount
          + " under root " + stateRoot + ", not the claimed " + account);
    }
    Hash storageRoot = account.map(Account::storageRoot).orElse(Hash.EMPTY_TRIE_ROOT);
    for (StorageProof storage : storageProofs) {
      Optional<byte[]> value = MerkleProofs.verifySecure(storageRoot, storage.slot().bytes(), storage.proof());
      Hash provedValue;
      try {
        provedValue = value.map(rlp -> Words.fromTrimmed(RlpSlice.of(rlp).bytes())).orElse(Hash.ZERO);
      } catch (RlpException | IllegalArgumentException e) {
        throw new InvalidProofException("the storage proof of slot " + storage.slot() + " ends in a malformed value");
      }
      if (!provedValue.equals(storage.value())) {
        throw new InvalidProofException("the storage proof of slot " + storage.slot() + " of " + address
            + " proves " + provedValue + ", not the claimed " + storage.value());
      }
    }
  }
}
