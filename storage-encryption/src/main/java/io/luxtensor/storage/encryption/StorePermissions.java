package io.luxtensor.storage.encryption;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * POSIX permission rules of the security layers: a store directory or key file that group or others
 * may read is reported (a warning on the {@value #LOGGER} logger, or a refused open with
 * {@code security.strictPermissions=true}); directories these layers create are {@code 0700} and
 * files {@code 0600}. On a file system without POSIX permissions nothing is checked. Stateless.
 */
final class StorePermissions {

  static final String LOGGER = "io.luxtensor.storage.security";
  static final String SECURITY = "security";
  private static final System.Logger LOG = System.getLogger(LOGGER);
  private static final Set<PosixFilePermission> EXPOSING = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_0700 =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> FILE_0600 =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private StorePermissions() {}

  /**
   * Whether the layer {@code layer} is the one that checks the store's permissions: the first of
   * security, encryption and audit that the config uses, so that a store is checked (and warned
   * about) once.
   */
  static boolean checkedBy(StorageConfig config, String layer) {
    for (String name : new String[] {SECURITY, EncryptionOptions.PREFIX, AuditOptions.PREFIX}) {
      if (!config.engineOptions(name).isEmpty()) {
        return name.equals(layer);
      }
    }
    return false;
  }

  /** The {@code security.strictPermissions} option: refuse rather than warn. */
  static boolean strict(StorageConfig config) {
    String value = config.engineOptions().get(SECURITY + ".strictPermissions");
    if (value == null) {
      return false;
    }
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("security.strictPermissions must be true or false, was \""
          + value + "\"");
    };
  }

  /**
   * Checks the store's directory before the engine opens it, creating it {@code 0700} when it is
   * missing and will be created.
   *
   * @throws StorageException when strict and group or others may read it
   */
  static void checkStore(StorageConfig config) {
    boolean strict = strict(config);
    Path path = config.path();
    if (path == null) {
      return;
    }
    if (!Files.exists(path)) {
      if (config.createIfMissing() && !config.readOnly()) {
        createPrivateDirectories(path);
      }
      return;
    }
    check(path, "store directory", "chmod 700 " + path, strict);
  }

  /** Checks a key file; the advice is the file's own. */
  static void checkKeyFile(Path file, boolean strict) {
    if (Files.exists(file)) {
      check(file, "encryption key file", "chmod 600 " + file, strict);
    }
  }

  private static void check(Path path, String what, String fix, boolean strict) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(path);
    } catch (UnsupportedOperationException e) {
      return; // no POSIX permissions to check here
    } catch (IOException e) {
      throw new StorageException("cannot read the permissions of " + what + " " + path + ": " + e, e);
    }
    Set<PosixFilePermission> exposed = EnumSet.noneOf(PosixFilePermission.class);
    exposed.addAll(permissions);
    exposed.retainAll(EXPOSING);
    if (exposed.isEmpty()) {
      return;
    }
    String message = what + " " + path + " is accessible to other users (" + PosixFilePermissions.toString(permissions)
        + "); restrict it with \"" + fix + "\"";
    if (strict) {
      throw new StorageException(message + "; the open was refused because security.strictPermissions=true");
    }
    LOG.log(System.Logger.Level.WARNING, message + " (set security.strictPermissions=true to refuse such opens)");
  }

  /**
   * Restricts a directory tree an engine just wrote (a checkpoint) to its owner: directories
   * {@code 0700}, files {@code 0600}. Nothing on a file system without POSIX permissions.
   */
  static void restrictTree(Path root) {
    if (!supportsPosix(root) || !Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY_0700.value() : FILE_0600.value());
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new StorageException("the copy at " + root + " was written but its permissions could not be restricted"
          + " to its owner (" + e + "); run \"chmod -R go-rwx " + root + "\"", e);
    }
  }

  /** Creates {@code directory} and its missing parents {@code 0700} (the umask can only narrow that). */
  static void createPrivateDirectories(Path directory) {
    try {
      if (supportsPosix(directory)) {
        Files.createDirectories(directory, DIRECTORY_0700);
      } else {
        Files.createDirectories(directory);
      }
    } catch (FileAlreadyExistsException e) {
      throw new StorageException(directory + " exists and is not a directory; name a directory for the store", e);
    } catch (IOException e) {
      throw new StorageException("cannot create directory " + directory + ": " + e, e);
    }
  }

  /**
   * Creates {@code file} {@code 0600}, its missing parent directories {@code 0700}; an existing file
   * is kept as it is unless {@code mustBeNew}.
   *
   * @throws FileAlreadyExistsException when {@code mustBeNew} and the file exists
   */
  static void createPrivateFile(Path file, boolean mustBeNew) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      createPrivateDirectories(parent);
    }
    try {
      if (supportsPosix(parent)) {
        Files.createFile(file, FILE_0600);
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      if (mustBeNew) {
        throw e;
      }
      // kept as it is: appending to an existing log, whose permissions its owner chose
    }
  }

  private static boolean supportsPosix(Path near) {
    Path existing = near.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
