package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The files of a store in its directory, and how a new store comes into being without ever being
 * seen half made. A store is the file {@value MapDbFiles#FILE_NAME}, with its page checksums
 * ({@code .crc}) and, while it is open or when a kill left one, its journal ({@code .journal}).
 *
 * <p>Creation builds the whole store (MapDB's catalog, the engine's registry, the configured column
 * families, all committed) in the directory {@value #CREATING}, then renames the checksums and, last,
 * the store file into place: the store file's name is the mark that creation finished. So a kill at
 * any moment leaves either no store file, and whatever else is there provably holds nothing anyone
 * wrote (no store was ever handed out), which the next open removes before creating the store again,
 * or a complete store. Creators in several processes or threads are serialised by a lock on
 * {@value #LOCK}. Stateless.
 */
final class StoreDirectory {

  static final String CREATING = MapDbFiles.FILE_NAME + ".creating";
  static final String LOCK = MapDbFiles.FILE_NAME + ".lock";

  private StoreDirectory() {}

  static Path journalOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".journal");
  }

  static Path checksumsOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".crc");
  }

  /** An action on the store's files, run under the directory's lock. */
  interface LockedAction {
    void run() throws IOException;
  }

  /**
   * Runs {@code action} holding the store directory's lock: the lock file {@value #LOCK} between
   * processes, this class's monitor between threads of this one (a file lock is per process).
   */
  @SuppressWarnings("try") // the lock is held for the block's duration, never referenced in it
  static void locked(Path directory, LockedAction action) throws IOException {
    synchronized (StoreDirectory.class) {
      Path lockPath = directory.resolve(LOCK);
      try (FileChannel lockFile = FileChannel.open(lockPath, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          PrivateFiles.fileAttributes(lockPath)); FileLock lock = lockFile.lock()) {
        action.run();
      }
    }
  }

  /**
   * Creates the store {@code file} unless it exists: {@code build} makes a complete, closed store at
   * the path it is given, inside a scratch directory, and the result is renamed into place. An empty
   * store file, which only an engine that created its store in place could leave (killed before its
   * first write), holds nothing and is replaced.
   */
  static void createIfMissing(Path file, Consumer<Path> build) {
    Path directory = file.getParent();
    try {
      locked(directory, () -> {
        if (isComplete(file)) {
          return;
        }
        removeLeftovers(directory);
        Path scratch = PrivateFiles.createDirectory(directory.resolve(CREATING));
        Path built = scratch.resolve(file.getFileName());
        build.accept(built);
        PrivateFiles.restrictTree(scratch); // MapDB created the store file with the umask's permissions
        Files.move(checksumsOf(built), checksumsOf(file), StandardCopyOption.ATOMIC_MOVE);
        Files.move(built, file, StandardCopyOption.ATOMIC_MOVE); // the mark: the store exists from here on
        syncDirectory(directory);
        deleteTree(scratch);
      });
    } catch (IOException e) {
      throw new StorageException("cannot create the MapDB store " + file + ": " + e + "; check the directory's"
          + " permissions and free space, then open it again (nothing was written to it)", e);
    }
  }

  /** Whether the store file is there and not the empty file an in-place creation killed at once leaves. */
  private static boolean isComplete(Path file) throws IOException {
    return Files.exists(file) && (Files.size(file) > 0 || Files.exists(journalOf(file)));
  }

  /**
   * Removes what an interrupted creation left: the scratch directory and every store file but the
   * lock. Called only when there is no complete store file, so none of it holds acknowledged data.
   */
  private static void removeLeftovers(Path directory) throws IOException {
    deleteTree(directory.resolve(CREATING));
    try (Stream<Path> files = Files.list(directory)) {
      for (Path path : files.toList()) {
        String name = path.getFileName().toString();
        if (name.startsWith(MapDbFiles.FILE_NAME) && !name.equals(LOCK) && Files.isRegularFile(path)) {
          Files.delete(path);
        }
      }
    }
  }

  /**
   * Removes the write-ahead log files that MapDB 3.1 used to leave in the directory when killed: it
   * never reads them back (this engine keeps that log in memory now), so they only hold disk space.
   */
  static void removeStaleLogs(Path file) {
    String prefix = file.getFileName() + ".wal.";
    try (Stream<Path> files = Files.list(file.getParent())) {
      for (Path path : files.toList()) {
        if (path.getFileName().toString().startsWith(prefix)) {
          Files.deleteIfExists(path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove stale MapDB write-ahead log files next to " + file, e);
    }
  }

  /** Makes renames and creations in {@code directory} durable, where the platform allows it. */
  static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; there a rename is as durable as the OS makes it.
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path path : paths) {
        Files.delete(path);
      }
    }
  }
}
