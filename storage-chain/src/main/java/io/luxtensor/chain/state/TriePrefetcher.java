package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.chain.trie.TrieStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Loads, on several threads, the trie nodes a commit is about to walk (the state trie path of
 * every changed account and the storage trie path of every changed slot), so the commit's own
 * single-threaded walk finds them in the node cache. This is geth's trie prefetcher: node loads
 * are independent random reads, each followed by a Keccak check of the node, and they dominate a
 * commit over a state larger than the node cache.
 *
 * <p>Best effort: a read that fails here (a missing or corrupt node) is left for the commit itself
 * to meet and report. Thread-safe; the threads are shared by every store and are daemons.
 */
final class TriePrefetcher {

  /** Commits touching fewer keys are walked cold: handing them to threads would cost more. */
  static final int MIN_KEYS = 256;
  /** Keys per task: enough to amortise a task, few enough to spread a block over the threads. */
  private static final int KEYS_PER_TASK = 128;
  private static final int THREADS = Math.max(4, Runtime.getRuntime().availableProcessors());
  private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, task -> {
    Thread thread = new Thread(task, "state-trie-prefetch");
    thread.setDaemon(true);
    return thread;
  });

  private TriePrefetcher() {}

  /** One trie and the keys to look up in it. */
  private record Task(Hash root, List<byte[]> keys) {}

  /**
   * Loads the paths {@code edits} will change under {@code stateRoot} into {@code nodes}' cache and
   * returns when every load is done. {@code accounts} gives an account's current value (for its
   * storage root).
   */
  static void prefetch(TrieStore nodes, Hash stateRoot, Map<Address, WorldState.Edit> edits,
      Function<Address, Optional<Account>> accounts) {
    int keys = edits.size();
    for (WorldState.Edit edit : edits.values()) {
      keys += edit.wiped ? 0 : edit.slots.size();
    }
    if (keys < MIN_KEYS || stateRoot.equals(Hash.EMPTY_TRIE_ROOT)) {
      return;
    }
    List<Task> tasks = new ArrayList<>();
    List<byte[]> stateKeys = new ArrayList<>();
    for (Map.Entry<Address, WorldState.Edit> entry : edits.entrySet()) {
      stateKeys.add(entry.getKey().bytes());
      if (stateKeys.size() == KEYS_PER_TASK) {
        tasks.add(new Task(stateRoot, stateKeys));
        stateKeys = new ArrayList<>();
      }
      WorldState.Edit edit = entry.getValue();
      if (edit.wiped || edit.slots.isEmpty()) {
        continue;
      }
      Hash storageRoot = accounts.apply(entry.getKey()).map(Account::storageRoot).orElse(Hash.EMPTY_TRIE_ROOT);
      if (storageRoot.equals(Hash.EMPTY_TRIE_ROOT)) {
        continue;
      }
      List<byte[]> slots = new ArrayList<>(edit.slots.size());
      for (Hash slot : edit.slots.keySet()) {
        slots.add(slot.bytes());
      }
      tasks.add(new Task(storageRoot, slots));
    }
    if (!stateKeys.isEmpty()) {
      tasks.add(new Task(stateRoot, stateKeys));
    }
    CompletableFuture<?>[] running = new CompletableFuture<?>[tasks.size()];
    for (int i = 0; i < running.length; i++) {
      Task task = tasks.get(i);
      running[i] = CompletableFuture.runAsync(() -> load(nodes, task), POOL);
    }
    CompletableFuture.allOf(running).exceptionally(failure -> null).join();
  }

  private static void load(TrieStore nodes, Task task) {
    try {
      SecureTrie trie = SecureTrie.open(nodes, task.root());
      for (byte[] key : task.keys()) {
        trie.get(key);
      }
    } catch (RuntimeException e) {
      // Deliberately dropped: the commit walks the same path next and reports the failure there
      // with its context; a warm-up must not fail a commit on its own.
      return;
    }
  }
}
