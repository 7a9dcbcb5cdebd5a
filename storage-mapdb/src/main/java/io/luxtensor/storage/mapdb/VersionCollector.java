package io.luxtensor.storage.mapdb;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * The garbage collector of old versions. A committed write that left a key with more than one
 * version (or a tombstone) registers the key here with the write's sequence. Right after the commit
 * the key is pruned to the versions the open
 * readers see ({@link VersionChain#prune}); when that still leaves old versions, some open reader
 * needs them, and the key waits until the horizon (the oldest open reader, or the last commit when
 * none is open) reaches the write's sequence (checked when a reader closes and at every write), then
 * is pruned again. Dropped families wait the same
 * way with their whole tree. Work is proportional to the versions written, never to the size of the
 * store.
 *
 * <p>Entries arrive in sequence order (batches commit one at a time), so both queues are FIFO by
 * sequence. Not thread-safe: used under the engine's write lock.
 */
final class VersionCollector {

  /**
   * A key (or, with {@code key == null}, a dropped family's whole tree) written at {@code seq}. A
   * class, not a record: it holds an array and is never compared.
   */
  private static final class Garbage {
    private final MapDbColumnFamily cf;
    private final byte[] key;
    private final long seq;

    Garbage(MapDbColumnFamily cf, byte[] key, long seq) {
      this.cf = cf;
      this.key = key;
      this.seq = seq;
    }

    MapDbColumnFamily cf() {
      return cf;
    }

    byte[] key() {
      return key;
    }

    long seq() {
      return seq;
    }
  }

  private final ArrayDeque<Garbage> fresh = new ArrayDeque<>();
  private final ArrayDeque<Garbage> waiting = new ArrayDeque<>();

  /** Registers keys written at {@code seq}; {@code keys} are copies the collector may keep. */
  void add(MapDbColumnFamily cf, List<byte[]> keys, long seq) {
    for (byte[] key : keys) {
      fresh.addLast(new Garbage(cf, key, seq));
    }
  }

  /** Registers a dropped family's tree, cleared once no reader older than {@code seq} remains. */
  void addDroppedTree(MapDbColumnFamily cf, long seq) {
    waiting.addLast(new Garbage(cf, null, seq));
  }

  /** Whether a collection with the oldest reader at {@code horizon} would do anything. */
  boolean hasWork(long horizon) {
    return !fresh.isEmpty() || hasWaitingDue(horizon);
  }

  /** Whether keys wait for a horizon {@code horizon} has reached: a reader that held them closed. */
  boolean hasWaitingDue(long horizon) {
    Garbage head = waiting.peekFirst();
    return head != null && head.seq() <= horizon;
  }

  /** Entries waiting, for stats and tests. */
  int pending() {
    return fresh.size() + waiting.size();
  }

  /**
   * Prunes what the readers at {@code keep} (ascending, see {@link VersionChain#prune}) no longer
   * need, doing at most {@value #BUDGET} units of work (a key pruned, or a key removed from a dropped
   * family's tree), so that what one commit carries stays bounded whatever was queued; the rest stays
   * queued for the next call. Returns the number of changes made to the store. The changes are not
   * committed here: losing them to a crash or rollback only leaves unreachable versions behind, which
   * readers skip and a later write of the key or {@code compact} prunes.
   */
  int collect(long[] keep) {
    int budget = BUDGET;
    int changes = 0;
    // Entries leave a queue only once handled, so a failure leaves them queued for the next try.
    while (!fresh.isEmpty() && budget > 0) {
      Garbage garbage = fresh.peekFirst();
      if (!garbage.cf().isDropped()) {
        int outcome = prune(garbage.cf().tree, garbage.key(), keep);
        changes += outcome & CHANGED;
        if ((outcome & OLD_VERSIONS_LEFT) != 0) {
          waiting.addLast(garbage);
        }
        budget--;
      }
      fresh.pollFirst();
    }
    long horizon = keep[0];
    while (budget > 0 && !waiting.isEmpty() && waiting.peekFirst().seq() <= horizon) {
      Garbage garbage = waiting.peekFirst();
      if (garbage.key() == null) {
        int removed = removeSome(garbage.cf().tree, budget);
        changes += removed;
        budget -= removed;
        if (!garbage.cf().tree.isEmpty()) {
          break; // more of this tree is left than the budget allowed: it stays at the head
        }
      } else if (!garbage.cf().isDropped()) {
        changes += prune(garbage.cf().tree, garbage.key(), keep) & CHANGED;
        budget--;
      }
      waiting.pollFirst();
    }
    return changes;
  }

  /** The most units of work one {@link #collect} does. */
  static final int BUDGET = 1024;

  /** Removes the first {@code most} keys of {@code tree}; returns how many it removed. */
  static int removeSome(NavigableMap<byte[], byte[]> tree, int most) {
    List<byte[]> keys = new ArrayList<>();
    for (byte[] key : tree.keySet()) {
      keys.add(key);
      if (keys.size() == most) {
        break;
      }
    }
    keys.forEach(tree::remove);
    return keys.size();
  }

  /** {@link #prune} outcome bit: the tree was modified. */
  static final int CHANGED = 1;
  /** {@link #prune} outcome bit: the key still has versions an open reader needs besides the newest. */
  static final int OLD_VERSIONS_LEFT = 2;

  /** Prunes one key's chain for the readers at {@code keep}; returns {@link #CHANGED} | {@link #OLD_VERSIONS_LEFT} bits. */
  static int prune(NavigableMap<byte[], byte[]> tree, byte[] key, long[] keep) {
    byte[] chain = tree.get(key);
    if (chain == null) {
      return 0;
    }
    byte[] pruned = VersionChain.prune(key, chain, keep);
    if (pruned == null) {
      tree.remove(key);
      return CHANGED;
    }
    int left = VersionChain.hasGarbage(pruned) ? OLD_VERSIONS_LEFT : 0;
    if (pruned == chain) {
      return left;
    }
    tree.put(key, pruned);
    return CHANGED | left;
  }
}
