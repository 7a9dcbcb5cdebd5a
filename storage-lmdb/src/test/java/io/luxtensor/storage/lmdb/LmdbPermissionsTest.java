package io.luxtensor.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.spi.PrivateFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything the LMDB engine creates on disk is its owner's alone: directories 0700, files 0600. */
class LmdbPermissionsTest {

  @TempDir
  Path dir;

  @BeforeEach
  void posixOnly() {
    assumeTrue(PrivateFiles.isPosix(dir), "the file system has no POSIX permissions");
  }

  /** Every path under {@code root}, {@code root} included, with its permissions, e.g. {@code "data.mdb rw-------"}. */
  static List<String> permissions(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.map(p -> root.relativize(p) + " " + perms(p)).toList();
    }
  }

  private static String perms(Path path) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void assertOwnerOnly(Path root) throws Exception {
    assertThat(permissions(root)).isNotEmpty().allSatisfy(entry -> assertThat(entry).matches(".* (rwx------|rw-------)"));
    try (Stream<Path> paths = Files.walk(root)) {
      paths.forEach(p -> assertThat(perms(p)).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
    }
  }

  @Test
  void storeDirectoriesAndFilesAndCheckpointsAreOwnerOnly() throws Exception {
    Path store = dir.resolve("created").resolve("store");
    try (KeyValueStore open = StorageEngines.open(StorageConfig.builder().engine("lmdb").path(store).build())) {
      open.put(open.defaultColumnFamily(), "k".getBytes(StandardCharsets.UTF_8), new byte[100]);
      open.checkpoint(dir.resolve("checkpoints").resolve("first"));
      assertOwnerOnly(dir.resolve("created"));
    }
    assertOwnerOnly(dir.resolve("created"));
    assertOwnerOnly(dir.resolve("checkpoints"));
    assertThat(permissions(dir.resolve("created"))).contains("store/data.mdb rw-------", "store/lock.mdb rw-------");
  }

  @Test
  void temporaryStoreIsOwnerOnly() throws Exception {
    try (LmdbEngine engine = (LmdbEngine) new LmdbEngineProvider().open(StorageConfig.builder().engine("lmdb").build())) {
      assertOwnerOnly(engine.directory());
    }
  }
}
