package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * How a dropped column family leaves nothing behind on disk. MapDB frees the records of a cleared
 * tree without overwriting them, so the family's keys and values would stay readable in the store
 * file's free space. A drop therefore first leaves the mark {@value #PENDING}; the close that follows
 * (once the dropped trees are cleared) copies the live families to a fresh store in {@value #DIRECTORY}
 * ({@link MapDbCheckpoint}), marks that copy complete, and renames its checksums and then its store
 * file over the old ones, which takes the freed space, and every byte in it, away. Then the mark goes.
 *
 * <p>A kill at any point loses nothing: before the copy is marked complete the old store is intact
 * and the next open discards the copy (the mark stays, so the next close rewrites again); after, the
 * next open finishes the renames, each done at most once. The cost is one copy of the live data per
 * close after a drop. Every step runs under the store directory's lock. Stateless.
 */
final class StoreRewrite {

  static final String PENDING = MapDbFiles.FILE_NAME + ".scrub";
  static final String DIRECTORY = MapDbFiles.FILE_NAME + ".rewrite";
  static final String COMPLETE = "complete";

  private StoreRewrite() {}

  /** Leaves the mark that the store must be rewritten before a drop is committed. */
  static void request(Path file) {
    Path pending = file.resolveSibling(PENDING);
    try {
      if (!Files.exists(pending)) {
        Files.newByteChannel(pending, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PrivateFiles.fileAttributes(pending)).close();
        StoreDirectory.syncDirectory(file.getParent());
      }
    } catch (IOException e) {
      throw new StorageException("cannot mark the MapDB store " + file + " for the rewrite that removes a dropped"
          + " column family's data (" + e + "); nothing was dropped; check the directory's permissions", e);
    }
  }

  /** Whether a drop asked for a rewrite that has not yet been done. */
  static boolean requested(Path file) {
    return Files.exists(file.resolveSibling(PENDING));
  }

  /**
   * Called before the store opens: finishes a rewrite marked complete, or discards one that is not
   * (the old store is intact then). A read-only open cannot finish one and fails instead.
   */
  static void settle(Path file, boolean readOnly) {
    Path directory = file.resolveSibling(DIRECTORY);
    if (!Files.isDirectory(directory)) {
      return;
    }
    boolean complete = Files.exists(directory.resolve(COMPLETE));
    if (readOnly) {
      if (complete) {
        throw new StorageException("the MapDB store " + file.getParent() + " was being rewritten when its process"
            + " stopped; open it writable once to finish the rewrite, then read-only");
      }
      return;
    }
    try {
      StoreDirectory.locked(file.getParent(), () -> {
        if (complete) {
          install(directory, file);
        }
        StoreDirectory.deleteTree(directory);
      });
    } catch (IOException e) {
      throw new StorageException("cannot settle the interrupted rewrite of the MapDB store " + file.getParent() + " ("
          + e + "); check the directory's permissions, then open it again", e);
    }
  }

  /**
   * Rewrites the closed-to-writers store {@code source} at {@code file}: copies its live families as of
   * {@code seq} aside and marks the copy complete; {@link #finish} installs it once the source is closed.
   */
  static void copyAside(MapDbEngine source, long seq, List<MapDbColumnFamily> families, MapDbOptions options,
      Path file) {
    Path directory = file.resolveSibling(DIRECTORY);
    try {
      StoreDirectory.deleteTree(directory); // a copy an earlier failed close left
      MapDbCheckpoint.copy(source, seq, families, options, directory);
      Files.newByteChannel(directory.resolve(COMPLETE), Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), PrivateFiles.fileAttributes(directory)).close();
      StoreDirectory.syncDirectory(directory);
    } catch (IOException e) {
      throw new StorageException("cannot rewrite the MapDB store " + file.getParent() + " to remove a dropped column"
          + " family's data (" + e + "); the store is intact and the next close tries again", e);
    }
  }

  /** Installs the copy {@link #copyAside} made, after the old store closed, and removes the mark. */
  static void finish(Path file) {
    Path directory = file.resolveSibling(DIRECTORY);
    try {
      StoreDirectory.locked(file.getParent(), () -> {
        install(directory, file);
        StoreDirectory.deleteTree(directory);
        Files.deleteIfExists(file.resolveSibling(PENDING));
        StoreDirectory.syncDirectory(file.getParent());
      });
    } catch (IOException e) {
      throw new StorageException("cannot install the rewritten MapDB store " + file.getParent() + " (" + e
          + "); the next open finishes it", e);
    }
  }

  /** Renames the copy's checksums, then its store file (the last step), over the old ones; each at most once. */
  private static void install(Path directory, Path file) throws IOException {
    Path built = directory.resolve(file.getFileName());
    moveIfPresent(StoreDirectory.checksumsOf(built), StoreDirectory.checksumsOf(file));
    moveIfPresent(built, file);
    StoreDirectory.syncDirectory(file.getParent());
  }

  private static void moveIfPresent(Path from, Path to) throws IOException {
    if (Files.exists(from)) {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
