package io.luxtensor.chain.state;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;

/**
 * One thread's open iterators over the two history families, so a historical read is a seek on
 * an iterator already open rather than an iterator created, seeked and closed. Each iterator sees
 * the store as of its opening, so the owner closes the cursor after every write that could change
 * what a read finds, and reopens it on the next read.
 *
 * <p>Not thread-safe on its own: the reading thread uses it under the state store's visibility
 * read lock and the writer closes it under the write lock, which orders the two.
 */
final class HistoryCursor {

  private KvIterator accounts;
  private KvIterator slots;

  boolean isClosed() {
    return accounts == null;
  }

  void open(KeyValueStore kv, ColumnFamily accountHistory, ColumnFamily slotHistory) {
    accounts = kv.iterator(accountHistory, KeyRange.all());
    slots = kv.iterator(slotHistory, KeyRange.all());
  }

  KvIterator accounts() {
    return accounts;
  }

  KvIterator slots() {
    return slots;
  }

  void close() {
    if (accounts != null) {
      try {
        accounts.close();
      } finally {
        slots.close();
        accounts = null;
        slots = null;
      }
    }
  }
}
