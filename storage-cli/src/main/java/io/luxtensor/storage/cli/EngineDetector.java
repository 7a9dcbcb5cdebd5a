package io.luxtensor.storage.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Recognises which engine wrote a store directory from the files each engine always keeps there.
 * Stateless.
 */
final class EngineDetector {

  private EngineDetector() {}

  /** The engine whose files {@code dir} holds, if any. */
  static Optional<String> detect(Path dir) {
    if (Files.isRegularFile(dir.resolve("CURRENT")) && Files.isRegularFile(dir.resolve("IDENTITY"))) {
      return Optional.of("rocksdb");
    }
    if (Files.isRegularFile(dir.resolve("data.mdb"))) {
      return Optional.of("lmdb");
    }
    if (Files.isRegularFile(dir.resolve("mapdb.db"))) {
      return Optional.of("mapdb");
    }
    return Optional.empty();
  }

  /** What the files of each engine are called, for messages. */
  static String markers() {
    return "RocksDB's CURRENT and IDENTITY, LMDB's data.mdb or MapDB's mapdb.db";
  }
}
