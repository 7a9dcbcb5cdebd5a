package io.luxtensor.storage.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Puts a restored store in place by renames. The new store is complete in {@code .<name>.restoring-*}
 * beside the target; an existing target is renamed to {@code .<name>.previous}, the new store to the
 * target, and the previous one deleted. {@link #recover} finishes or undoes a swap a killed process
 * left half done: with no target but a previous, the previous goes back (the new store never became
 * the target); with both, the previous is deleted; scratch directories are deleted. Stateless.
 */
final class Swap {

  private Swap() {}

  static Path scratchFor(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".restoring-" + UUID.randomUUID());
  }

  private static Path previousOf(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".previous");
  }

  /** Whether {@code dir} exists and holds anything (a missing or empty directory may be restored into). */
  static boolean holdsFiles(Path dir) {
    if (!Files.exists(dir)) {
      return false;
    }
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children.findAny().isPresent();
    } catch (IOException e) {
      throw new BackupException("cannot read the restore target " + dir + ": " + e, e);
    }
  }

  /** Finishes or undoes a swap that a killed process left half done, and removes its scratch. */
  static void recover(Path target) {
    Path previous = previousOf(target);
    try {
      if (Files.exists(previous)) {
        if (Files.exists(target)) {
          Backups.deleteTree(previous);
        } else {
          Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      Path parent = target.getParent();
      if (parent != null && Files.isDirectory(parent)) {
        String prefix = "." + target.getFileName() + ".restoring-";
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, p -> p.getFileName().toString()
            .startsWith(prefix))) {
          for (Path p : siblings) {
            Backups.deleteTree(p);
          }
        }
      }
    } catch (IOException e) {
      throw new BackupException("cannot recover the interrupted restore into " + target + ": " + e
          + "; move " + previous + " back to " + target + " by hand", e);
    }
  }

  static void swapIn(Path scratch, Path target) {
    Path previous = previousOf(target);
    try {
      if (Files.isDirectory(target) && !holdsFiles(target)) {
        Files.delete(target);
      }
      if (Files.exists(target)) {
        Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
      Backups.syncDirectory(target.getParent());
      if (Files.exists(previous)) {
        Backups.deleteTree(previous);
      }
    } catch (IOException e) {
      throw new BackupException("cannot move the restored store into " + target + ": " + e
          + "; the restored copy was discarded, the previous store is at " + (Files.exists(previous) ? previous : target),
          e);
    }
  }
}
