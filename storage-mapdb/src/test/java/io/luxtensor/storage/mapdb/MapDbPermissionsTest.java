package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything the MapDB engine creates on disk is its owner's alone: directories 0700, files 0600. */
class MapDbPermissionsTest {

  @TempDir
  Path dir;

  private static String perms(Path path) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks every path under {@code root} and returns how many there were. */
  private static long assertOwnerOnly(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.peek(p -> assertThat(perms(p)).as("permissions of %s", p)
          .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------")).count();
    }
  }

  @Test
  void storeFilesJournalAndCheckpointsAreOwnerOnly() throws Exception {
    assumeTrue(PrivateFiles.isPosix(dir), "the file system has no POSIX permissions");
    Path store = dir.resolve("created").resolve("store");
    try (KeyValueStore open = StorageEngines.open(StorageConfig.builder().engine("mapdb").path(store).build())) {
      ColumnFamily cf = open.defaultColumnFamily();
      for (int i = 0; i < 200; i++) {
        open.put(cf, ByteBuffer.allocate(4).putInt(i).array(), new byte[100]);
      }
      open.checkpoint(dir.resolve("checkpoints").resolve("first"));
      assertThat(store.resolve(MapDbFiles.FILE_NAME + ".journal")).exists();
      assertThat(assertOwnerOnly(dir.resolve("created"))).isGreaterThanOrEqualTo(6); // 2 directories, store, checksums, lock, journal
    }
    assertOwnerOnly(dir.resolve("created"));
    assertThat(assertOwnerOnly(dir.resolve("checkpoints"))).isGreaterThanOrEqualTo(5);
  }

  @Test
  void withoutPosixPermissionsFilesAreCreatedAsThePlatformDoes() throws Exception {
    Path zip = dir.resolve("plain.zip");
    try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
      Path inside = fs.getPath("/a/b");
      assertThat(PrivateFiles.isPosix(inside)).isFalse();
      PrivateFiles.createDirectories(inside);
      PrivateFiles.createDirectory(inside.resolve("c"));
      Path file = Files.write(inside.resolve("c").resolve("f"), new byte[1]);
      assertThat(PrivateFiles.fileAttributes(file)).isEmpty();
      PrivateFiles.restrictTree(fs.getPath("/a"));
      assertThat(Files.readAllBytes(file)).hasSize(1);
    }
  }
}
