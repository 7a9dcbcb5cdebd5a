package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Consumer;

/** Checks a batch must pass before any of it is applied. Stateless. */
final class Batches {

  private Batches() {}

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
        if (chain != null && VersionChain.newestSeq(key, chain) > readSeq) {
          throw new TransactionConflictException("transaction conflict: key " + Keys.toHex(key)
              + " in column family \"" + cf.name() + "\" was written by another writer after the transaction began;"
              + " nothing was committed; retry the transaction");
        }
      }
    });
  }

  /**
   * Calls {@code action} with the keys {@code k} of {@code tree} with {@code from <= k < to} (either
   * bound may be null), in order, in chunks of at most {@code chunk} keys read before the action
   * runs, so the action may rewrite or remove the keys it is given and a huge range is never held in
   * memory at once.
   */
  static void forEachKeyChunk(NavigableMap<byte[], byte[]> tree, byte[] from, byte[] to, int chunk,
      Consumer<List<byte[]>> action) {
    if (from != null && to != null && Keys.compare(from, to) >= 0) {
      return;
    }
    byte[] start = from;
    boolean inclusive = true;
    while (true) {
      NavigableMap<byte[], byte[]> view = start == null ? tree : tree.tailMap(start, inclusive);
      if (to != null) {
        view = view.headMap(to, false);
      }
      List<byte[]> keys = new ArrayList<>(Math.min(chunk, 1024));
      for (byte[] key : view.keySet()) {
        keys.add(key);
        if (keys.size() == chunk) {
          break;
        }
      }
      if (keys.isEmpty()) {
        return;
      }
      action.accept(keys);
      if (keys.size() < chunk) {
        return;
      }
      start = keys.get(keys.size() - 1);
      inclusive = false;
    }
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
