package io.luxtensor.storage.rocksdb;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writable RocksDB engines open in this JVM, by directory, so that {@link RocksDbBackups} can
 * reach the native database behind a {@link io.luxtensor.storage.KeyValueStore} (whose decorator
 * deliberately hides the engine). RocksDB's LOCK file allows one writable instance per directory,
 * which makes the directory a unique key.
 */
final class OpenEngines {

  private static final Map<Path, RocksDbEngine> BY_PATH = new ConcurrentHashMap<>();

  private OpenEngines() {}

  static void add(RocksDbEngine engine) {
    BY_PATH.put(key(engine.path()), engine);
  }

  static void remove(RocksDbEngine engine) {
    BY_PATH.remove(key(engine.path()), engine);
  }

  static Optional<RocksDbEngine> find(Path path) {
    return Optional.ofNullable(BY_PATH.get(key(path)));
  }

  private static Path key(Path path) {
    return path.toAbsolutePath().normalize();
  }
}
