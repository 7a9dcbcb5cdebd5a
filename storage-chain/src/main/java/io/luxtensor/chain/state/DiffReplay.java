package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.trie.NodeSet;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.CorruptionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the trie nodes of a committed height from its stored diff, over its parent's trie: for
 * held trie layers lost with the process (on open) or let go (a rollback below the written trie).
 * A diff holds the after value of every account and slot its height changed, which is all a trie
 * update needs; each storage root and the state root are checked against what the height committed.
 */
final class DiffReplay {

  private DiffReplay() {}

  /**
   * Applies {@code diff} to the tries at {@code parentRoot}, collects the new nodes in {@code nodes}
   * and returns the new state root, which must be {@code expectedRoot}.
   *
   * @throws CorruptionException if a root differs from the one the height committed
   */
  static Hash replay(TrieStore store, Hash parentRoot, StateDiff diff, Hash expectedRoot, NodeSet nodes) {
    Map<Address, List<StateDiff.SlotChange>> slotsByAccount = new HashMap<>();
    for (StateDiff.SlotChange change : diff.slots()) {
      slotsByAccount.computeIfAbsent(change.address(), address -> new ArrayList<>()).add(change);
    }
    SecureTrie stateTrie = SecureTrie.open(store, parentRoot);
    for (StateDiff.AccountChange change : diff.accounts()) {
      List<StateDiff.SlotChange> slots = slotsByAccount.get(change.address());
      if (change.after().isEmpty()) {
        stateTrie.delete(change.address().bytes());
        continue;
      }
      Account after = change.after().get();
      if (slots != null) {
        // A wiped account's diff deletes each of its former slots, so starting from the former trie
        // gives the same content as the commit's fresh one, and so the same root.
        Hash before = change.before().map(Account::storageRoot).orElse(Hash.EMPTY_TRIE_ROOT);
        SecureTrie storage = SecureTrie.open(store, before);
        for (StateDiff.SlotChange slot : slots) {
          if (slot.after().equals(Hash.ZERO)) {
            storage.delete(slot.slot().bytes());
          } else {
            storage.put(slot.slot().bytes(), StateStore.trieValue(slot.after()));
          }
        }
        Hash storageRoot = storage.commit(nodes);
        if (!storageRoot.equals(after.storageRoot())) {
          throw mismatch(diff.height(), "the storage trie of " + change.address(), storageRoot, after.storageRoot());
        }
      }
      stateTrie.put(change.address().bytes(), after.encode());
    }
    Hash root = stateTrie.commit(nodes);
    if (!root.equals(expectedRoot)) {
      throw mismatch(diff.height(), "the state trie", root, expectedRoot);
    }
    return root;
  }

  private static CorruptionException mismatch(long height, String what, Hash replayed, Hash committed) {
    return new CorruptionException("replaying the diff of height " + height + " gives " + what + " root " + replayed
        + ", but the height committed " + committed + "; restore the store from a backup");
  }
}
