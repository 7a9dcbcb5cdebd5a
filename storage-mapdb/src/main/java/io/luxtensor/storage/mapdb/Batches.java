package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.util.List;
import java.util.NavigableMap;

/** Checks a batch must pass before any of it is applied, and small batch builders. Stateless. */
final class Batches {

  private Batches() {}

  /** A batch of one put, or one delete when {@code value} is null. */
  static EngineBatch single(EngineColumnFamily cf, byte[] key, byte[] value) {
    return new EngineBatch() {
      @Override
      public int size() {
        return 1;
      }

      @Override
      public void forEach(Handler handler) {
        if (value == null) {
          handler.delete(cf, key);
        } else {
          handler.put(cf, key, value);
        }
      }
    };
  }

  /** Throws {@link UnknownColumnFamilyException} when an operation names a dropped family. */
  static void checkFamilies(EngineBatch batch) {
    for (EngineColumnFamily cf : batch.columnFamilies()) {
      if (((MapDbColumnFamily) cf).isDropped()) {
        throw new UnknownColumnFamilyException(cf.name(), "column family \"" + cf.name()
            + "\" was dropped; nothing of the batch was written; create it again and use the new handle");
      }
    }
  }

  /**
   * Throws {@link TransactionConflictException} when a key the batch writes has a version newer than
   * {@code readSeq}. Sound because a key's newest version is never pruned while a reader older than
   * it is open (see {@link VersionChain#prune}), and the caller holds {@code readSeq} registered.
   */
  static void checkNoConflict(EngineBatch batch, long readSeq) {
    batch.forEach(new KeyVisitor() {
      @Override
      void visit(MapDbColumnFamily cf, byte[] key) {
        byte[] chain = cf.tree.get(key);
        if (chain != null && VersionChain.newestSeq(chain) > readSeq) {
          throw new TransactionConflictException("transaction conflict: key " + Keys.toHex(key)
              + " in column family \"" + cf.name() + "\" was written by another writer after the transaction began;"
              + " nothing was committed; retry the transaction");
        }
      }
    });
  }

  /** The keys of {@code range} in {@code tree}, in order. */
  static List<byte[]> keysIn(NavigableMap<byte[], byte[]> tree, KeyRange range) {
    if (range.isEmpty()) {
      return List.of();
    }
    byte[] from = range.fromUnsafe();
    byte[] to = range.toUnsafe();
    NavigableMap<byte[], byte[]> view = from == null && to == null ? tree
        : from == null ? tree.headMap(to, false)
        : to == null ? tree.tailMap(from, true)
        : tree.subMap(from, true, to, false);
    return List.copyOf(view.keySet());
  }

  /** Visits the key of every put and delete; a range delete names no single key. */
  private abstract static class KeyVisitor implements EngineBatch.Handler {
    abstract void visit(MapDbColumnFamily cf, byte[] key);

    @Override
    public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
      visit((MapDbColumnFamily) cf, key);
    }

    @Override
    public void delete(EngineColumnFamily cf, byte[] key) {
      visit((MapDbColumnFamily) cf, key);
    }

    @Override
    public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
      // transactions, the only callers of the conflict check, write no ranges
    }
  }
}
