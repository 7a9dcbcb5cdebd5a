package io.luxtensor.storage.mapdb;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;

/**
 * The garbage collector of old versions. A write that leaves a key with more than one version (or a
 * tombstone) registers the key here with the write's sequence; once the horizon (the oldest open
 * reader, or the last commit when none is open) reaches that sequence, the key's chain is pruned to
 * what the oldest reader can see, and removed when that is a tombstone. Dropped families register
 * their whole tree, cleared the same way. Work is proportional to the versions written, never to the
 * size of the store.
 *
 * <p>Entries arrive in sequence order (batches commit one at a time), so the queue is FIFO by
 * sequence. Not thread-safe: used under the engine's write lock.
 */
final class VersionCollector {

  /** A key (or, with {@code key == null}, a dropped family's whole tree) to prune once the horizon reaches {@code seq}. */
  record Garbage(MapDbColumnFamily cf, byte[] key, long seq) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Garbage g && g.cf == cf && Arrays.equals(g.key, key) && g.seq == seq;
    }

    @Override
    public int hashCode() {
      return 31 * (31 * cf.hashCode() + Arrays.hashCode(key)) + Long.hashCode(seq);
    }
  }

  private final ArrayDeque<Garbage> queue = new ArrayDeque<>();

  /** Registers garbage written at {@code seq}; {@code keys} are already copies the collector may keep. */
  void add(MapDbColumnFamily cf, List<byte[]> keys, long seq) {
    for (byte[] key : keys) {
      queue.addLast(new Garbage(cf, key, seq));
    }
  }

  /** Registers a dropped family's tree to be cleared once no reader older than {@code seq} remains. */
  void addDroppedTree(MapDbColumnFamily cf, long seq) {
    queue.addLast(new Garbage(cf, null, seq));
  }

  /** Whether some garbage can be collected at {@code horizon}. */
  boolean hasEligible(long horizon) {
    Garbage head = queue.peekFirst();
    return head != null && head.seq() <= horizon;
  }

  /** Entries waiting, for stats and tests. */
  int pending() {
    return queue.size();
  }

  /**
   * Prunes every entry the horizon has reached. Returns whether the store was modified (the changes
   * are not committed: losing them to a crash or rollback only leaves old versions behind, which
   * readers skip and a later write or {@code compact} prunes).
   */
  boolean collect(long horizon) {
    boolean modified = false;
    while (hasEligible(horizon)) {
      Garbage garbage = queue.pollFirst();
      if (garbage.key() == null) {
        if (!garbage.cf().tree.isEmpty()) {
          garbage.cf().tree.clear();
          modified = true;
        }
      } else if (!garbage.cf().isDropped()) {
        modified |= prune(garbage.cf().tree, garbage.key(), horizon);
      }
    }
    return modified;
  }

  /** Prunes one key's chain at {@code horizon}; returns whether it changed. */
  static boolean prune(NavigableMap<byte[], byte[]> tree, byte[] key, long horizon) {
    byte[] chain = tree.get(key);
    if (chain == null) {
      return false;
    }
    byte[] pruned = VersionChain.prune(chain, horizon);
    if (pruned == null) {
      tree.remove(key);
      return true;
    }
    if (pruned != chain) {
      tree.put(key, pruned);
      return true;
    }
    return false;
  }
}
