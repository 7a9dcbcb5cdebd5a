package io.luxtensor.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preparing and deleting store directories. */
class LmdbPathsTest {

  @TempDir
  Path dir;

  @Test
  void aStoreBelowARegularFileCannotBePreparedAndTheOpenSaysWhere() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Path store = file.resolve("store");
    assertThatThrownBy(() -> StorageEngines.open(StorageConfig.builder().engine("lmdb").path(store).build()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot prepare the LMDB store directory " + store);
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void deletingATreeThatDoesNotExistDoesNothing() {
    Path absent = dir.resolve("absent");
    LmdbPaths.deleteTree(absent);
    assertThat(absent).doesNotExist();
    assertThat(dir).exists();
  }

  @Test
  void deletingATreeRemovesItsFilesAndDirectories() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root/a/b"));
    Files.writeString(root.resolve("data.mdb"), "x");
    LmdbPaths.deleteTree(dir.resolve("root"));
    assertThat(dir.resolve("root")).doesNotExist();
  }
}
