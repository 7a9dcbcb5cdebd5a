package io.luxtensor.storage.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * The sequence numbers that open snapshots, cursors and transactions read at, so that writers keep
 * the versions they need. Thread-safe.
 */
final class ReaderRegistry {

  private final ConcurrentSkipListMap<Long, Integer> readers = new ConcurrentSkipListMap<>();

  /**
   * Registers a reader at the current visible sequence and returns it. The re-check closes the race
   * with a writer that publishes a new sequence and prunes between our read and our registration.
   */
  long register(LongSupplier visibleSeq) {
    while (true) {
      long seq = visibleSeq.getAsLong();
      readers.merge(seq, 1, Integer::sum);
      if (visibleSeq.getAsLong() == seq) {
        return seq;
      }
      release(seq);
    }
  }

  void release(long seq) {
    readers.computeIfPresent(seq, (k, n) -> n == 1 ? null : n - 1);
  }

  /**
   * The oldest sequence any reader needs, or {@code current} when no reader is older. One atomic
   * read of the first entry: checking emptiness first and then asking for the first key would race
   * with a reader releasing in between, and fail the writer.
   */
  long oldest(long current) {
    Map.Entry<Long, Integer> first = readers.firstEntry();
    return first == null ? current : Math.min(first.getKey(), current);
  }

  int size() {
    return readers.values().stream().mapToInt(Integer::intValue).sum();
  }
}
