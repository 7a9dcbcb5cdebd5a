package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.util.Set;

/**
 * The MapDB engine, {@code "mapdb"} (priority 200): pure Java, one file per store, every write an
 * atomic MapDB transaction, with a multi-version layer of its own for snapshots and iterators (see
 * the package documentation).
 *
 * <p>Capabilities: {@link Capability#PERSISTENT} and {@link Capability#TRANSACTIONS} (optimistic, with
 * write-write conflicts detected from the version sequence numbers). No checkpoints, no multi-process
 * access, and range deletes write one tombstone per key. Keys are at most {@value #MAX_KEY_SIZE} bytes: keys live inside B-tree nodes of
 * up to {@code mapdb.node_size} (default 32) keys, and this bound keeps a node within a few hundred
 * KiB even when every key is at the limit.
 *
 * <p>Engine options ({@code StorageConfig.Builder.option}), unknown {@code mapdb.*} names are rejected:
 * {@code mapdb.mmap} (default {@code true}), {@code mapdb.node_size} (default 32),
 * {@code mapdb.lock_wait_ms} (default 0).
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
    return Set.of(Capability.PERSISTENT, Capability.TRANSACTIONS);
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
