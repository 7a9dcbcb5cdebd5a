package io.luxtensor.storage.mapdb;

import java.util.Map;
import java.util.TreeMap;

/**
 * The sequences that open snapshots and cursors read at, counted, so that writers know the oldest
 * version any reader may still need (the horizon). Registration is O(log r) in the number of
 * distinct open sequences r, independent of the size of the store. Thread-safe.
 *
 * <p>Callers register at the last committed sequence, so registered sequences never exceed it.
 */
final class ReaderRegistry {

  private final TreeMap<Long, Integer> counts = new TreeMap<>();
  private int open;

  synchronized void add(long seq) {
    counts.merge(seq, 1, Integer::sum);
    open++;
  }

  synchronized void remove(long seq) {
    Integer count = counts.get(seq);
    if (count == null) {
      throw new IllegalStateException("no reader registered at sequence " + seq);
    }
    if (count == 1) {
      counts.remove(seq);
    } else {
      counts.put(seq, count - 1);
    }
    open--;
  }

  /** The oldest registered sequence, or {@code whenNone} when no reader is open. */
  synchronized long oldest(long whenNone) {
    Map.Entry<Long, Integer> first = counts.firstEntry();
    return first == null ? whenNone : Math.min(first.getKey(), whenNone);
  }

  /**
   * The distinct sequences readers may read at, ascending: every registered one and {@code committed}
   * (where plain reads and new readers read); {@code committed} is the largest.
   */
  synchronized long[] sequences(long committed) {
    long[] out = new long[counts.size() + 1];
    int n = 0;
    for (long seq : counts.keySet()) {
      if (seq < committed) {
        out[n++] = seq;
      }
    }
    out[n++] = committed;
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  /** The number of open readers. */
  synchronized int size() {
    return open;
  }
}
