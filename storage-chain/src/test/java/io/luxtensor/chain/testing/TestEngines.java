package io.luxtensor.chain.testing;

import io.luxtensor.storage.StorageConfig;
import java.util.List;

/**
 * The engines the chain tests run on. Tests that must hold on every engine iterate over
 * {@link #ALL}; adding an engine here (and its module as a test dependency) adds it to them.
 */
public final class TestEngines {

  /** A named configuration for a fresh, temporary store. */
  public record Engine(String name, StorageConfig config) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The in-memory engine, the default for tests. */
  public static final Engine MEMORY = new Engine("memory", StorageConfig.inMemory());

  /** Every engine in the repository, each on a temporary store (deleted on close). */
  public static final List<Engine> ALL = List.of(MEMORY,
      new Engine("rocksdb", StorageConfig.builder().engine("rocksdb").cacheSizeBytes(8 << 20).build()),
      new Engine("lmdb", StorageConfig.builder().engine("lmdb").mapSizeBytes(64 << 20).build()),
      new Engine("mapdb", StorageConfig.builder().engine("mapdb").build()));

  private TestEngines() {}
}
