package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.chain.trie.TrieStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs the trie work of a commit that parallelises, before the commit's own single-threaded part:
 * it loads the state trie path of every changed account (geth's trie prefetcher: node loads are
 * independent random reads, each followed by a Keccak check of the node, and they dominate a
 * commit over a state larger than the node cache), and at the same time prepares the storage trie
 * of every account whose storage changed (loaded, updated and hashed; each account's trie is
 * independent of the others). The commit then finds the state trie's paths in the node store's
 * walk scope and adds the prepared storage tries to its batch.
 *
 * <p>Best effort: a load that fails here (a missing or corrupt node) is left for the commit itself
 * to meet and report with its context, and a storage trie that fails to prepare is left out, so
 * the commit prepares it itself and meets the failure there. Thread-safe; the threads are shared
 * by every store and are daemons.
 */
final class TriePrefetcher {

  /** Commits touching fewer keys run on the committing thread: handing them to threads would cost more. */
  static final int MIN_KEYS = 256;
  /** Keys per task: enough to amortise a task, few enough to spread a block over the threads. */
  private static final int KEYS_PER_TASK = 128;
  private static final int THREADS = Math.max(4, Runtime.getRuntime().availableProcessors());
  /** The prefetch threads; a commit also writes its trie nodes on them. */
  static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, task -> {
    Thread thread = new Thread(task, "state-trie-prefetch");
    thread.setDaemon(true);
    return thread;
  });

  private TriePrefetcher() {}

  /**
   * Loads the state trie paths {@code edits} will change under {@code stateRoot} into
   * {@code nodes} and prepares, with {@code prepare}, the storage trie of each account whose
   * storage changes; returns when all is done, with the tries prepared by account (those that
   * failed left out). {@code storedAccount} gives the encoding of an account as the trie at
   * {@code stateRoot} holds it (null for none), so that its leaf is found without a read when it
   * is where that encoding puts it. A commit of fewer than {@link #MIN_KEYS} keys is left alone:
   * the map is empty and the commit prepares every storage trie itself.
   */
  static Map<Address, CommitWriter.PreparedSlots> prefetch(TrieStore nodes, Hash stateRoot,
      Map<Address, WorldState.Edit> edits, BiFunction<Address, WorldState.Edit, CommitWriter.PreparedSlots> prepare,
      Function<Address, byte[]> storedAccount) {
    if (keys(edits) < MIN_KEYS) {
      return Map.of();
    }
    Map<Address, CommitWriter.PreparedSlots> prepared = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> preparing = new ArrayList<>();
    List<Address> group = new ArrayList<>();
    int groupSlots = 0;
    for (Map.Entry<Address, WorldState.Edit> entry : edits.entrySet()) {
      WorldState.Edit edit = entry.getValue();
      if (!CommitWriter.changesStorage(edit)) {
        continue;
      }
      group.add(entry.getKey());
      groupSlots += edit.wiped ? KEYS_PER_TASK : edit.slots.size();
      if (groupSlots >= KEYS_PER_TASK) {
        preparing.add(prepareAsync(group, edits, prepare, prepared));
        group = new ArrayList<>();
        groupSlots = 0;
      }
    }
    if (!group.isEmpty()) {
      preparing.add(prepareAsync(group, edits, prepare, prepared));
    }
    List<CompletableFuture<?>> loading = new ArrayList<>();
    if (!stateRoot.equals(Hash.EMPTY_TRIE_ROOT)) {
      List<Map.Entry<Address, WorldState.Edit>> stateKeys = new ArrayList<>();
      for (Map.Entry<Address, WorldState.Edit> entry : edits.entrySet()) {
        stateKeys.add(entry);
        if (stateKeys.size() == KEYS_PER_TASK) {
          loading.add(loadAsync(nodes, stateRoot, stateKeys, storedAccount));
          stateKeys = new ArrayList<>();
        }
      }
      if (!stateKeys.isEmpty()) {
        loading.add(loadAsync(nodes, stateRoot, stateKeys, storedAccount));
      }
    }
    List<CompletableFuture<?>> all = new ArrayList<>(preparing);
    all.addAll(loading);
    CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new)).exceptionally(failure -> null).join();
    return prepared;
  }

  /**
   * About how many trie nodes a commit of {@code edits} loads: a few per changed key, the paths'
   * shared upper nodes aside (a state trie path of a million accounts is five or six nodes deep, a
   * contract's storage trie path two or three).
   */
  static int expectedNodes(Map<Address, WorldState.Edit> edits) {
    return (int) Math.min(1 << 24, 4L * keys(edits));
  }

  /** The trie keys {@code edits} change: each account, and each slot of storage not wiped. */
  private static int keys(Map<Address, WorldState.Edit> edits) {
    int keys = edits.size();
    for (WorldState.Edit edit : edits.values()) {
      keys += edit.wiped ? 0 : edit.slots.size();
    }
    return keys;
  }

  private static CompletableFuture<?> prepareAsync(List<Address> accounts, Map<Address, WorldState.Edit> edits,
      BiFunction<Address, WorldState.Edit, CommitWriter.PreparedSlots> prepare,
      Map<Address, CommitWriter.PreparedSlots> prepared) {
    return CompletableFuture.runAsync(() -> {
      for (Address address : accounts) {
        try {
          prepared.put(address, prepare.apply(address, edits.get(address)));
        } catch (RuntimeException e) {
          // Left out on purpose: the commit prepares this account itself and reports the failure.
        }
      }
    }, POOL);
  }

  private static CompletableFuture<?> loadAsync(TrieStore nodes, Hash root,
      List<Map.Entry<Address, WorldState.Edit>> accounts, Function<Address, byte[]> storedAccount) {
    return CompletableFuture.runAsync(() -> load(nodes, root, accounts, storedAccount), POOL);
  }

  private static void load(TrieStore nodes, Hash root, List<Map.Entry<Address, WorldState.Edit>> accounts,
      Function<Address, byte[]> storedAccount) {
    try {
      SecureTrie trie = SecureTrie.open(nodes, root);
      for (Map.Entry<Address, WorldState.Edit> account : accounts) {
        byte[] key = CommitWriter.trieKey(account.getKey(), account.getValue());
        byte[] stored = storedAccount.apply(account.getKey());
        if (stored != null) {
          trie.getExpectingByHashedKey(key, stored);
        } else {
          trie.getByHashedKey(key);
        }
      }
    } catch (RuntimeException e) {
      // Deliberately dropped: the commit walks the same path next and reports the failure there
      // with its context; a warm-up must not fail a commit on its own.
      return;
    }
  }
}
