package io.luxtensor.chain.trie;

import io.luxtensor.chain.ColumnFamilies;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.WriteBatch;
import java.util.List;
import java.util.function.Consumer;

/**
 * Node storage in one column family of a {@link KeyValueStore}: key = node hash, value = node RLP.
 * Prune marks go to a second family, {@code <nodes>_prune_marks}, created on the first prune.
 */
final class KeyValueNodeStorage implements NodeStorage {

  private static final byte[] MARKED = new byte[0];

  private final KeyValueStore store;
  private final ColumnFamily columnFamily;

  KeyValueNodeStorage(KeyValueStore store, ColumnFamily columnFamily) {
    this.store = store;
    this.columnFamily = columnFamily;
  }

  @Override
  public byte[] get(byte[] hash) {
    return store.get(columnFamily, hash);
  }

  @Override
  public void putAll(List<byte[]> hashes, List<byte[]> rlps) {
    WriteBatch batch = store.newBatch();
    for (int i = 0; i < hashes.size(); i++) {
      batch.put(columnFamily, hashes.get(i), rlps.get(i));
    }
    store.write(batch);
  }

  @Override
  public void stage(WriteBatch batch, List<byte[]> hashes, List<byte[]> rlps) {
    for (int i = 0; i < hashes.size(); i++) {
      batch.put(columnFamily, hashes.get(i), rlps.get(i));
    }
  }

  @Override
  public void deleteAll(List<byte[]> hashes) {
    WriteBatch batch = store.newBatch();
    for (byte[] hash : hashes) {
      batch.delete(columnFamily, hash);
    }
    store.write(batch);
  }

  @Override
  public void forEachHash(Consumer<byte[]> action) {
    try (KvIterator it = store.iterator(columnFamily, KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        action.accept(it.key());
      }
    }
  }

  @Override
  public NodeMarks marks() {
    ColumnFamily marks = ColumnFamilies.getOrCreate(store, columnFamily.name() + "_prune_marks");
    return new NodeMarks() {
      @Override
      public boolean[] containsAll(List<byte[]> hashes) {
        List<byte[]> found = store.multiGet(marks, hashes);
        boolean[] result = new boolean[hashes.size()];
        for (int i = 0; i < result.length; i++) {
          result[i] = found.get(i) != null;
        }
        return result;
      }

      @Override
      public void addAll(List<byte[]> hashes) {
        WriteBatch batch = store.newBatch();
        for (byte[] hash : hashes) {
          batch.put(marks, hash, MARKED);
        }
        store.write(batch);
      }

      @Override
      public void clear() {
        store.deleteRange(marks, KeyRange.all());
      }
    };
  }
}
