package io.luxtensor.storage.memory;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.util.Set;

/**
 * The in-memory engine, {@code "memory"}: ordered, thread-safe, with MVCC snapshots and optimistic
 * transactions, and no dependencies. It keeps nothing on disk, so every store is temporary: a config
 * with a {@link StorageConfig#path()} is rejected rather than silently not persisted. It has the lowest priority: it is picked only when named,
 * as in {@link StorageConfig#inMemory()}, or when no other engine is on the classpath.
 */
public final class MemoryEngineProvider implements StorageEngineProvider {

  /** 1 MiB: far above any real key, low enough that a runaway key fails loudly. */
  static final int MAX_KEY_SIZE = 1 << 20;

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.TRANSACTIONS, Capability.SERIALIZABLE_TRANSACTIONS);
  }

  @Override
  public int maxKeySize() {
    return MAX_KEY_SIZE;
  }

  @Override
  public StorageEngine open(StorageConfig config) {
    if (config.path() != null) {
      throw new IllegalArgumentException("the memory engine keeps nothing on disk, so data under " + config.path()
          + " would be lost on close; leave the path unset (StorageConfig.inMemory()) or pick a persistent engine");
    }
    return new MemoryEngine(config.columnFamilies());
  }
}
