package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.Keys;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * Range deletes that open optimistic transactions must see as conflicts.
 *
 * <p>RocksDB declares native {@code DeleteRange} incompatible with {@code OptimisticTransactionDB}:
 * it rejects range tombstones in batches written through the transaction DB, because its commit-time
 * check looks for newer versions of each written key and does not account for a range tombstone
 * covering it. So the engine writes batches holding range deletes through the base database, alone
 * (no other write runs at the same time, which makes the batch's sequence numbers exactly the range
 * up to the latest sequence number read right after it), and records each range here with that
 * sequence number. A transaction whose snapshot is older than a recorded range it wrote into fails
 * its commit, exactly as if RocksDB had seen the tombstone.
 *
 * <p>Entries are kept only while a transaction that began before them is open. Thread-safe.
 */
final class RangeDeleteLog {

  /** One range delete: keys {@code [from, to)} of {@code cf}, visible from {@code sequence} on. */
  record Entry(RocksDbColumnFamily cf, byte[] from, byte[] to, long sequence) {}

  /** One write of a transaction: a put of {@code value}, or a delete when {@code value} is {@code null}. */
  record Write(RocksDbColumnFamily cf, byte[] key, byte[] value) {}

  private final Deque<Entry> entries = new ArrayDeque<>();
  /** Snapshot sequence numbers of the open transactions, with how many share each. */
  private final TreeMap<Long, Integer> openSnapshots = new TreeMap<>();

  synchronized void transactionBegan(long snapshotSequence) {
    openSnapshots.merge(snapshotSequence, 1, Integer::sum);
  }

  synchronized void transactionEnded(long snapshotSequence) {
    openSnapshots.computeIfPresent(snapshotSequence, (seq, count) -> count == 1 ? null : count - 1);
    prune();
  }

  /**
   * Records range deletes written at {@code sequence} (or earlier). Called while no transaction can
   * begin, so none that began before the write is missing from {@code openSnapshots}.
   */
  synchronized void record(List<Entry> ranges) {
    if (openSnapshots.isEmpty()) {
      return; // every later transaction's snapshot already includes these deletes
    }
    entries.addAll(ranges);
  }

  /** Whether a transaction with {@code snapshotSequence} wrote a key that a later range delete covered. */
  synchronized boolean conflicts(long snapshotSequence, List<Write> writes) {
    if (entries.isEmpty()) {
      return false;
    }
    for (Entry entry : entries) {
      if (entry.sequence() <= snapshotSequence) {
        continue;
      }
      for (Write write : writes) {
        if (write.cf() == entry.cf() && Keys.compare(write.key(), entry.from()) >= 0
            && Keys.compare(write.key(), entry.to()) < 0) {
          return true;
        }
      }
    }
    return false;
  }

  synchronized boolean isEmpty() {
    return entries.isEmpty();
  }

  private void prune() {
    if (openSnapshots.isEmpty()) {
      entries.clear();
      return;
    }
    long oldest = openSnapshots.firstKey();
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      if (it.next().sequence() <= oldest) {
        it.remove();
      }
    }
  }
}
