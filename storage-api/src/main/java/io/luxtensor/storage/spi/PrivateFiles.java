package io.luxtensor.storage.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Owner-only permissions for what an engine creates on disk: directories {@code 0700}, files
 * {@code 0600}, on file systems with POSIX permissions (elsewhere every method leaves permissions as
 * the platform sets them). A store's files hold its data in clear, so no other local user should read
 * them, whatever the process's umask. Engines create directories and their own files with these
 * permissions, and {@link #restrict restrict} the files a native library or a dependency created with
 * its own defaults. Stateless and thread-safe.
 */
public final class PrivateFiles {

  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  /** The POSIX mode of {@link #FILE}, for native libraries that take one ({@code 0600}). */
  public static final int FILE_MODE = 0600;

  private PrivateFiles() {}

  /** Whether {@code path}'s file system has POSIX permissions. */
  public static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Creates {@code directory} and any missing parents as {@code 0700}, like
   * {@link Files#createDirectories}; directories that exist keep their permissions.
   */
  public static Path createDirectories(Path directory) throws IOException {
    Path absolute = directory.toAbsolutePath();
    if (!isPosix(absolute)) {
      return Files.createDirectories(absolute);
    }
    return Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
  }

  /** Creates the directory {@code directory} (its parent exists) as {@code 0700}, like {@link Files#createDirectory}. */
  public static Path createDirectory(Path directory) throws IOException {
    if (!isPosix(directory.toAbsolutePath())) {
      return Files.createDirectory(directory);
    }
    return Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
  }

  /**
   * The attributes that create a file in {@code directory} as {@code 0600}, for
   * {@link java.nio.channels.FileChannel#open(Path, Set, FileAttribute[])}; empty where there are no
   * POSIX permissions.
   */
  public static FileAttribute<?>[] fileAttributes(Path file) {
    if (!isPosix(file.toAbsolutePath())) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)};
  }

  /** Sets {@code path} to {@code 0600} (a file) or {@code 0700} (a directory). */
  public static void restrict(Path path) throws IOException {
    if (isPosix(path.toAbsolutePath())) {
      Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY : FILE);
    }
  }

  /** {@link #restrict Restricts} {@code root} and everything under it. */
  public static void restrictTree(Path root) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      restrict(path);
    }
  }
}
