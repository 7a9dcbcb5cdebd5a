package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Where a store lives: its directory (a temporary one for {@code path == null}, deleted on close),
 * and the claim on it within this process. LMDB forbids opening one environment twice in a process
 * (closing either copy would drop the other's file locks), so a second open fails fast instead.
 * Directories it creates are owner-only ({@code 0700}, a temporary one too); LMDB creates its files
 * {@code 0600} ({@link PrivateFiles#FILE_MODE}, passed at open).
 */
final class LmdbPaths {

  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
  static final String DATA_FILE = "data.mdb";

  private final Path directory;
  private final Path claim;
  private final boolean temporary;

  private LmdbPaths(Path directory, Path claim, boolean temporary) {
    this.directory = directory;
    this.claim = claim;
    this.temporary = temporary;
  }

  /** Resolves, creates when allowed, and claims the store's directory. */
  static LmdbPaths claim(StorageConfig config) {
    Path directory;
    boolean temporary = config.isTemporary();
    try {
      if (temporary) {
        directory = Files.createTempDirectory("luxtensor-lmdb-");
      } else {
        directory = config.path().toAbsolutePath();
        boolean exists = Files.isRegularFile(directory.resolve(DATA_FILE));
        if (!exists && (!config.createIfMissing() || config.readOnly())) {
          throw new StorageException("no LMDB store at " + directory + (config.readOnly()
              ? "; a read-only open cannot create one, open it writable first"
              : "; set createIfMissing(true) to create one"));
        }
        PrivateFiles.createDirectories(directory);
      }
    } catch (IOException e) {
      throw new StorageException("cannot prepare the LMDB store directory " + config.path() + ": " + e.getMessage(), e);
    }
    Path claim = realPath(directory);
    if (!OPEN.add(claim)) {
      throw new StorageException("LMDB store " + directory + " is already open in this process; close it first"
          + " or share the open store (LMDB allows one open per file per process)");
    }
    return new LmdbPaths(directory, claim, temporary);
  }

  private static Path realPath(Path directory) {
    try {
      return directory.toRealPath();
    } catch (IOException e) {
      return directory.normalize();
    }
  }

  Path directory() {
    return directory;
  }

  /** The store's location for messages. */
  String where() {
    return temporary ? "(temporary, " + directory + ")" : directory.toString();
  }

  /** Bytes of the data file, or -1 when it cannot be read. */
  long dataFileSize() {
    try {
      return Files.size(directory.resolve(DATA_FILE));
    } catch (IOException e) {
      return -1;
    }
  }

  /** Gives up the claim and deletes a temporary store; called once, after the environment closed. */
  void release() {
    OPEN.remove(claim);
    if (temporary) {
      deleteTree(directory);
    }
  }

  /** Deletes a directory tree. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary LMDB store " + root, e);
    }
  }
}
