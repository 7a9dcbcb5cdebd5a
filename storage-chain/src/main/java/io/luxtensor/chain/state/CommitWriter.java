package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.trie.NodeSet;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds what a commit writes: the tries' new nodes ({@link #nodes()}, held in memory as the
 * height's {@link TrieLayers trie layer}), and the height's own batch ({@link #batch()}: code, the
 * diff and the root, the batch that makes the height exist). The flat tables and history rows are
 * not written here: the height becomes the newest {@link DiffLayers diff layer}, written there when
 * it is flushed. Nothing is written until the store writes the batches. Used once, under the
 * store's writer lock: storage tries may be {@linkplain #prepareSlots prepared}, and the changed
 * accounts looked up ({@link #before(Address)}), on several threads beforehand; everything else
 * runs on the committing thread.
 */
final class CommitWriter {

  private final StateStore store;
  private final long height;
  private final WriteBatch batch;
  private final NodeSet nodes = new NodeSet();
  private final SecureTrie stateTrie;
  private final List<StateDiff.AccountChange> accountChanges = new ArrayList<>();
  private final List<StateDiff.SlotChange> slotChanges = new ArrayList<>();
  /**
   * Each changed account as the head holds it, looked up once: the prefetch, the storage trie's
   * preparation and {@link #apply} all need it, from several threads.
   */
  private final Map<Address, Optional<Account>> before = new ConcurrentHashMap<>();
  private StateDiff diff;

  CommitWriter(StateStore store, long height, Hash headRoot) {
    this.store = store;
    this.height = height;
    this.batch = store.kv.newBatch();
    this.stateTrie = SecureTrie.open(store.trieStore, headRoot);
  }

  /**
   * One account's storage trie with its slot changes applied and hashed, not yet added to the
   * batch, and those changes in slot order.
   */
  record PreparedSlots(SecureTrie trie, List<StateDiff.SlotChange> changes) {}

  /** A slot's value before the commit and after it, and its key in the storage trie once hashed. */
  private static final class SlotUpdate {
    final Hash before;
    Hash after;
    private byte[] trieKey;

    SlotUpdate(Hash before, Hash after) {
      this.before = before;
      this.after = after;
    }

    /** Hashed once, for the walk that loads the slot's path and the update that follows it. */
    byte[] trieKey(Hash slot) {
      if (trieKey == null) {
        trieKey = SecureTrie.hashedKey(slot.bytes());
      }
      return trieKey;
    }
  }

  /**
   * The key of {@code address} in the state trie, hashed once for the prefetcher's walk to its path
   * and the update that follows; on the prefetcher's threads or, once they are done, the commit's.
   */
  static byte[] trieKey(Address address, WorldState.Edit edit) {
    if (edit.trieKey == null) {
      edit.trieKey = SecureTrie.hashedKey(address.bytes());
    }
    return edit.trieKey;
  }

  /** Whether {@code edit} changes the account's storage trie. */
  static boolean changesStorage(WorldState.Edit edit) {
    return edit.wiped || !edit.slots.isEmpty();
  }

  /**
   * Adds one account's buffered changes; {@code prepared} is its storage trie from
   * {@link #prepareSlots} (on another thread), or null to prepare it here.
   */
  void apply(Address address, WorldState.Edit edit, PreparedSlots prepared) {
    Optional<Account> before = before(address);
    Hash storageRoot = before.map(Account::storageRoot).orElse(Hash.EMPTY_TRIE_ROOT);
    if (changesStorage(edit)) {
      PreparedSlots slots = prepared != null ? prepared : prepareSlots(address, edit);
      storageRoot = slots.trie().commit(nodes);
      slotChanges.addAll(slots.changes());
    }
    Optional<Account> after = edit.account == null ? Optional.empty()
        : Optional.of(edit.account.withStorageRoot(storageRoot));
    if (edit.code != null && edit.code.length > 0) {
      batch.put(store.code, Hash.keccak256(edit.code).bytes(), edit.code);
    }
    if (after.equals(before)) {
      return;
    }
    accountChanges.add(new StateDiff.AccountChange(address, before, after));
    if (after.isPresent()) {
      stateTrie.putByHashedKey(trieKey(address, edit), after.get().encode());
    } else {
      stateTrie.deleteByHashedKey(trieKey(address, edit));
    }
  }

  /**
   * Applies the slot changes of one account to its storage trie and hashes it, writing nothing:
   * {@link #apply} adds the trie's nodes and the changes to the batch. Reads the store only, so
   * accounts may be prepared on several threads at once while the commit holds the writer lock.
   */
  PreparedSlots prepareSlots(Address address, WorldState.Edit edit) {
    Hash storageRoot = before(address).map(Account::storageRoot).orElse(Hash.EMPTY_TRIE_ROOT);
    // In slot order, so the diff is ordered.
    TreeMap<Hash, SlotUpdate> changes = new TreeMap<>();
    if (edit.wiped && !storageRoot.equals(Hash.EMPTY_TRIE_ROOT)) {
      // The flat table's slots as of the flat height, then the diff layers' changes above it.
      Map<Hash, Hash> layered = store.layers.slotsOf(address);
      try (KvIterator it = store.kv.iterator(store.storage, KeyRange.prefix(address.bytes()))) {
        for (; it.isValid(); it.next()) {
          byte[] key = it.key();
          Hash slot = Hash.of(java.util.Arrays.copyOfRange(key, Address.LENGTH, StateLayout.SLOT_KEY_LENGTH));
          if (!layered.containsKey(slot)) {
            changes.put(slot, new SlotUpdate(StateStore.word(it.value(), "flat slot " + slot + " of " + address), Hash.ZERO));
          }
        }
      }
      layered.forEach((slot, value) -> {
        if (!value.equals(Hash.ZERO)) {
          changes.put(slot, new SlotUpdate(value, Hash.ZERO));
        }
      });
    }
    for (Map.Entry<Hash, Hash> written : edit.slots.entrySet()) {
      SlotUpdate change = changes.get(written.getKey());
      if (change != null) {
        change.after = written.getValue();
      } else {
        Hash prior = edit.wiped ? Hash.ZERO : store.storage(address, written.getKey());
        changes.put(written.getKey(), new SlotUpdate(prior, written.getValue()));
      }
    }
    // A wiped account's trie starts empty, so every surviving slot goes in, changed or not.
    SecureTrie trie = edit.wiped ? SecureTrie.open(store.trieStore, Hash.EMPTY_TRIE_ROOT)
        : SecureTrie.open(store.trieStore, storageRoot);
    if (!edit.wiped) {
      // Each changed slot's path loaded first, its leaf made from the flat value instead of read
      // where that is the stored leaf; the updates below then find the path loaded.
      changes.forEach((slot, change) -> {
        if (!change.before.equals(Hash.ZERO)) {
          trie.getExpectingByHashedKey(change.trieKey(slot), StateStore.trieValue(change.before));
        }
      });
    }
    List<StateDiff.SlotChange> applied = new ArrayList<>();
    for (Map.Entry<Hash, SlotUpdate> entry : changes.entrySet()) {
      Hash slot = entry.getKey();
      SlotUpdate change = entry.getValue();
      Hash before = change.before;
      Hash after = change.after;
      boolean changed = !before.equals(after);
      if (changed || edit.wiped) {
        if (after.equals(Hash.ZERO)) {
          trie.deleteByHashedKey(change.trieKey(slot));
        } else {
          trie.putByHashedKey(change.trieKey(slot), StateStore.trieValue(after));
        }
      }
      if (changed) {
        applied.add(new StateDiff.SlotChange(address, slot, before, after));
      }
    }
    trie.rootHash();
    return new PreparedSlots(trie, applied);
  }

  /** The account at {@code address} before this commit; safe from any thread the commit waits for. */
  Optional<Account> before(Address address) {
    return before.computeIfAbsent(address, store::account);
  }

  /** Hashes the state trie and adds its nodes to {@link #nodes()}; returns the root. */
  Hash commitStateTrie() {
    return stateTrie.commit(nodes);
  }

  /** Adds the diff and {@code root} to the batch; after {@link #commitStateTrie}. */
  void finish(Hash root, Hash blockHash) {
    diff = new StateDiff(height, accountChanges, slotChanges);
    batch.put(store.diffs, StateLayout.heightKey(height), diff.encode());
    batch.put(store.roots, StateLayout.heightKey(height), StateLayout.rootValue(root, blockHash));
  }

  /** The height's own batch: written last, it makes the height exist. */
  WriteBatch batch() {
    return batch;
  }

  /** The new nodes of the storage tries {@link #apply} committed and, after {@link #commitStateTrie}, of the state trie. */
  NodeSet nodes() {
    return nodes;
  }

  /** What the height changed; after {@link #finish}. */
  StateDiff diff() {
    return diff;
  }
}
