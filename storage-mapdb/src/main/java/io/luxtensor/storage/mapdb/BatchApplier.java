package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Applies the operations of one batch to the trees as versions at sequence {@code seq}: invisible to
 * every reader until the engine publishes {@code seq} after the commit, and undone by a rollback.
 * Each write prunes the key's older versions down to what the readers at {@code keep} see, and
 * reports the keys it left with more than one version, for the {@link VersionCollector}. Used by one
 * writer, under the engine's write lock.
 */
final class BatchApplier implements EngineBatch.Handler {

  /** Keys examined per step of a range delete, so the scan never holds a huge key list. */
  private static final int RANGE_CHUNK = 1024;

  private final long seq;
  private final long[] keep;
  private final Map<MapDbColumnFamily, List<byte[]>> garbage = new IdentityHashMap<>();

  /** {@code keep}: the sequences readers may read at, ascending (see {@link VersionChain#prune}). */
  BatchApplier(long seq, long[] keep) {
    this.seq = seq;
    this.keep = keep;
  }

  /** Keys per family whose chains hold versions to collect after the commit. */
  Map<MapDbColumnFamily, List<byte[]>> garbage() {
    return garbage;
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    write((MapDbColumnFamily) cf, key, value);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    write((MapDbColumnFamily) cf, key, null);
  }

  @Override
  public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
    MapDbColumnFamily family = (MapDbColumnFamily) cf;
    Batches.forEachKeyChunk(family.tree, from, to, RANGE_CHUNK, keys -> {
      for (byte[] key : keys) {
        write(family, key, null);
      }
    });
  }

  private void write(MapDbColumnFamily cf, byte[] key, byte[] value) {
    NavigableMap<byte[], byte[]> tree = cf.tree;
    byte[] old = tree.get(key);
    if (value == null && (old == null || VersionChain.newestIsTombstone(key, old))) {
      return; // deleting an absent key leaves nothing to hide
    }
    byte[] chain = VersionChain.write(key, old, seq, value, keep);
    tree.put(key, chain);
    if (VersionChain.hasGarbage(chain)) {
      // A key written twice in one batch may be listed twice; pruning it twice is harmless.
      garbage.computeIfAbsent(cf, f -> new ArrayList<>()).add(key.clone());
    }
  }
}
