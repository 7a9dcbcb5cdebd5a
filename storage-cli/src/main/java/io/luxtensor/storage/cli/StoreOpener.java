package io.luxtensor.storage.cli;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Opens the store a command names, turning each way that can fail into a {@link CliException} a
 * person can act on: a path that does not exist or holds no store, an unknown engine (listing the
 * engines found), a store locked by another process (naming it). Stateless.
 */
final class StoreOpener {

  private StoreOpener() {}

  /** Opens the existing store of {@code options}; read-only opens never need the writer's lock on RocksDB. */
  static KeyValueStore openExisting(StoreOptions options, boolean readOnly) {
    Path path = options.path;
    if (!Files.exists(path)) {
      throw new CliException(ExitCode.NOT_FOUND, "no store at " + path + ": the directory does not exist; check the path");
    }
    if (!Files.isDirectory(path)) {
      throw new CliException(ExitCode.NOT_FOUND, "no store at " + path + ": it is a file, not a store directory; check the path");
    }
    String engine = engineOf(options);
    return open(StorageConfig.builder().engine(engine).path(path).createIfMissing(false).readOnly(readOnly).build());
  }

  /** The engine named in {@code options}, or the one whose files the directory holds. */
  static String engineOf(StoreOptions options) {
    if (options.engine != null) {
      StorageEngines.provider(options.engine); // an unknown name fails here, listing the engines found
      return options.engine.toLowerCase(Locale.ROOT);
    }
    return EngineDetector.detect(options.path).orElseThrow(() -> new CliException(ExitCode.NOT_FOUND,
        "no store at " + options.path + ": the directory holds none of " + EngineDetector.markers()
            + "; check the path, or name the engine with --engine"));
  }

  /**
   * A config for a store that may not exist yet: on the engine {@code engine} names (checked, as
   * {@link #engineOf} does), else on the one whose files the directory holds, else on none, so that
   * the highest-priority engine creates the store.
   */
  static StorageConfig.Builder creatable(Path path, String engine) {
    StorageConfig.Builder config = StorageConfig.builder().path(path);
    String name = engine;
    if (name == null && Files.isDirectory(path)) {
      name = EngineDetector.detect(path).orElse(null);
    }
    if (name != null) {
      StoreOptions options = new StoreOptions();
      options.path = path;
      options.engine = name;
      config.engine(engineOf(options));
    }
    return config;
  }

  /** Opens {@code config}, reporting a lock held elsewhere as {@link ExitCode#LOCKED} with the holders. */
  static KeyValueStore open(StorageConfig config) {
    try {
      return StorageEngines.open(config);
    } catch (StorageException e) {
      if (config.path() != null && isLockConflict(e)) {
        List<String> holders = LockHolders.of(config.path());
        throw new CliException(ExitCode.LOCKED, "the store at " + config.path() + " is in use"
            + (holders.isEmpty() ? " by another process" : ", held by " + String.join(", ", holders))
            + "; stop that process or retry when it is done (read-only commands on RocksDB stores need no lock)."
            + " Engine: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static boolean isLockConflict(StorageException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return message.contains("lock") && (message.contains("another process") || message.contains("held"));
  }
}
