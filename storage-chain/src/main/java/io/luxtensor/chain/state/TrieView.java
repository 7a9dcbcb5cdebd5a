package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpSlice;
import io.luxtensor.chain.trie.MissingNodeException;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.storage.CorruptionException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state at a root read from the tries themselves (a walk per read, no flat tables): for roots
 * that are no kept height's, and as an independent check of the flat state in tests.
 */
final class TrieView implements StateView {

  private final StateStore store;
  private final Hash root;
  private final OptionalLong height;

  TrieView(StateStore store, Hash root, OptionalLong height) {
    this.store = store;
    this.root = root;
    this.height = height;
  }

  @Override
  public OptionalLong height() {
    return height;
  }

  @Override
  public Hash root() {
    return root;
  }

  @Override
  public Optional<Account> account(Address address) {
    Objects.requireNonNull(address, "address");
    return StateStore.decodeAccount(SecureTrie.open(store.trieStore, root).get(address.bytes()).orElse(null),
        "state trie leaf of " + address);
  }

  @Override
  public Hash storage(Address address, Hash slot) {
    Objects.requireNonNull(slot, "slot");
    Optional<Account> account = account(address);
    if (account.isEmpty()) {
      return Hash.ZERO;
    }
    Optional<byte[]> value = SecureTrie.open(store.trieStore, account.get().storageRoot()).get(slot.bytes());
    if (value.isEmpty()) {
      return Hash.ZERO;
    }
    try {
      return Words.fromTrimmed(RlpSlice.of(value.get()).bytes());
    } catch (RlpException | IllegalArgumentException e) {
      throw new CorruptionException("storage trie value of slot " + slot + " of " + address + " is malformed", e);
    }
  }

  @Override
  public byte[] code(Address address) {
    return account(address).map(a -> store.code(a.codeHash())).orElse(new byte[0]);
  }

  @Override
  public AccountProof proof(Address address, List<Hash> slots) {
    Objects.requireNonNull(address, "address");
    try {
      return store.prove(root, address, List.copyOf(slots));
    } catch (MissingNodeException e) {
      if (store.trieStore.contains(root)) {
        throw e;
      }
      StateUnavailableException unavailable = new StateUnavailableException("the trie at root " + root
          + " is no longer kept: it was held in memory with a diff layer and not written");
      unavailable.initCause(e);
      throw unavailable;
    }
  }
}
