package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.util.Set;

/**
 * The MapDB engine, {@code "mapdb"} (priority 200): pure Java, one file per store, every write an
 * atomic MapDB transaction committed (and fsynced) before it returns, whether the write options ask
 * for sync or not, with a multi-version layer of its own for snapshots, iterators and transactions
 * (see the package documentation).
 *
 * <p>Capabilities: {@link Capability#PERSISTENT}, {@link Capability#TRANSACTIONS} (optimistic, with
 * write-write conflicts detected from the version sequence numbers), {@link Capability#SERIALIZABLE_TRANSACTIONS}
 * (reads validated against the latest commit under the write lock) and {@link Capability#CHECKPOINTS}
 * (a new store holding the live families as of one read sequence, copied while writes go on). No
 * multi-process access, and range deletes write one tombstone per key.
 *
 * <p>Keys are at most {@value #MAX_KEY_SIZE} bytes. Keys and values live inside B-tree nodes of up to
 * {@code mapdb.node_size} (default 32) entries, and a write rewrites its leaf; the key bound keeps
 * the keys of a node under 128 KiB. For large values, lower {@code mapdb.node_size}.
 *
 * <p>Engine options ({@code StorageConfig.Builder.option}); unknown {@code mapdb.*} names are
 * rejected with {@link IllegalArgumentException} naming the known ones: {@code mapdb.mmap} (default
 * {@code true}), {@code mapdb.node_size} (default 32), {@code mapdb.lock_wait_ms} (default 0).
 * Stateless and thread-safe; the constructor does no work.
 */
public final class MapDbEngineProvider implements StorageEngineProvider {

  /** The longest key, in bytes. */
  static final int MAX_KEY_SIZE = 4096;

  @Override
  public String name() {
    return "mapdb";
  }

  @Override
  public int priority() {
    return 200;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.PERSISTENT, Capability.TRANSACTIONS, Capability.SERIALIZABLE_TRANSACTIONS, Capability.CHECKPOINTS);
  }

  @Override
  public int maxKeySize() {
    return MAX_KEY_SIZE;
  }

  @Override
  public StorageEngine open(StorageConfig config) {
    return MapDbEngine.open(config);
  }
}
