package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The state at a kept height, read from the flat tables (the head, through the cache) and the
 * history entries (older heights: one seek each). Proofs come from the trie at the height's root.
 */
final class HeightView implements StateView {

  private final StateStore store;
  private final long height;
  private final Hash root;

  HeightView(StateStore store, long height, Hash root) {
    this.store = store;
    this.height = height;
    this.root = root;
  }

  @Override
  public OptionalLong height() {
    return OptionalLong.of(height);
  }

  @Override
  public Hash root() {
    return root;
  }

  private <T> T read(Supplier<T> lookup) {
    store.visibility.readLock().lock();
    try {
      store.requireKept(height);
      return lookup.get();
    } finally {
      store.visibility.readLock().unlock();
    }
  }

  @Override
  public Optional<Account> account(Address address) {
    Objects.requireNonNull(address, "address");
    return read(() -> store.accountAt(address, height));
  }

  @Override
  public Hash storage(Address address, Hash slot) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(slot, "slot");
    return read(() -> store.storageAt(address, slot, height));
  }

  @Override
  public byte[] code(Address address) {
    return account(address).map(a -> store.code(a.codeHash())).orElse(new byte[0]);
  }

  @Override
  public AccountProof proof(Address address, List<Hash> slots) {
    Objects.requireNonNull(address, "address");
    read(() -> root);
    return store.proveAt(height, root, address, List.copyOf(slots));
  }
}
