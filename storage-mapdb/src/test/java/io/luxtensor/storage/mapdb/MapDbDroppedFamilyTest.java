package io.luxtensor.storage.mapdb;

import static io.luxtensor.storage.mapdb.MapDbCheckpointTest.filesContaining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dropped column family leaves nothing on disk once the store closes, and an interrupted rewrite loses nothing. */
class MapDbDroppedFamilyTest {

  private static final byte[] SECRET = "dropped-family-secret-value-0123456789".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  private static KeyValueStore open(Path path, boolean readOnly, String... families) {
    return StorageEngines.open(StorageConfig.builder().engine("mapdb").path(path).readOnly(readOnly)
        .columnFamilies(families).build());
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(4).putInt(i).array();
  }

  /** A store holding {@code kept} in the default family and a family "gone" full of {@link #SECRET}, still there. */
  private Path storeWithSecretFamily() {
    Path store = dir.resolve("store");
    try (KeyValueStore open = open(store, false, "gone", "other")) {
      for (int i = 0; i < 200; i++) {
        open.put(open.columnFamily("gone"), key(i), SECRET);
      }
      open.put(open.defaultColumnFamily(), b("kept"), b("v"));
      open.put(open.columnFamily("other"), b("o"), b("w"));
    }
    return store;
  }

  @Test
  void droppedFamilyLeavesNothingInTheStoreFilesOnceClosed() throws Exception {
    Path store = storeWithSecretFamily();
    assertThat(filesContaining(store, SECRET)).isNotEmpty();
    try (KeyValueStore open = open(store, false)) {
      open.dropColumnFamily(open.columnFamily("gone"));
      assertThat(store.resolve(StoreRewrite.PENDING)).exists();
    }
    assertThat(filesContaining(store, SECRET)).isEmpty();
    try (var files = Files.list(store)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("mapdb.db", "mapdb.db.crc", "mapdb.db.lock");
    }
    try (KeyValueStore reopened = open(store, false)) {
      assertThat(reopened.columnFamilies().stream().map(ColumnFamily::name)).containsExactlyInAnyOrder("default", "other");
      assertThat(reopened.get(reopened.defaultColumnFamily(), b("kept"))).isEqualTo(b("v"));
      assertThat(reopened.get(reopened.columnFamily("other"), b("o"))).isEqualTo(b("w"));
      reopened.put(reopened.defaultColumnFamily(), b("after"), b("rewrite"));
    }
    try (KeyValueStore again = open(store, false)) {
      assertThat(again.get(again.defaultColumnFamily(), b("after"))).isEqualTo(b("rewrite"));
    }
  }

  @Test
  void rewriteInterruptedBeforeItsCopyWasCompleteIsDiscardedAndDoneAgainAtTheNextClose() throws Exception {
    Path store = storeWithSecretFamily();
    try (KeyValueStore open = open(store, false)) {
      open.dropColumnFamily(open.columnFamily("gone"));
    }
    // as a kill during the copy leaves it: the mark, and a copy directory without its completion mark
    Files.createFile(store.resolve(StoreRewrite.PENDING));
    Files.write(Files.createDirectory(store.resolve(StoreRewrite.DIRECTORY)).resolve("mapdb.db"), new byte[] {1, 2});
    try (KeyValueStore readOnly = open(store, true)) {
      assertThat(readOnly.get(readOnly.defaultColumnFamily(), b("kept"))).isEqualTo(b("v"));
    }
    try (KeyValueStore open = open(store, false)) {
      assertThat(store.resolve(StoreRewrite.DIRECTORY)).doesNotExist();
      assertThat(open.get(open.defaultColumnFamily(), b("kept"))).isEqualTo(b("v"));
    }
    assertThat(store.resolve(StoreRewrite.PENDING)).doesNotExist();
  }

  @Test
  void rewriteInterruptedBetweenItsRenamesIsFinishedByTheNextWritableOpen() throws Exception {
    Path store = dir.resolve("store");
    Path copy = dir.resolve("copy");
    try (KeyValueStore open = open(store, false)) {
      for (int i = 0; i < 50; i++) {
        open.put(open.defaultColumnFamily(), key(i), b("copied"));
      }
      open.checkpoint(copy);
      open.put(open.defaultColumnFamily(), b("later"), b("not in the copy"));
    }
    // as a kill after the copy's checksums were renamed into place and before its store file was
    Path rewrite = Files.createDirectory(store.resolve(StoreRewrite.DIRECTORY));
    Files.move(copy.resolve("mapdb.db"), rewrite.resolve("mapdb.db"));
    Files.move(copy.resolve("mapdb.db.crc"), store.resolve("mapdb.db.crc"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.createFile(rewrite.resolve(StoreRewrite.COMPLETE));
    assertThatThrownBy(() -> open(store, true)).isInstanceOf(StorageException.class)
        .hasMessageContaining("open it writable once");
    try (KeyValueStore open = open(store, false)) {
      assertThat(open.count(open.defaultColumnFamily(), KeyRange.all())).isEqualTo(50);
      assertThat(open.get(open.defaultColumnFamily(), b("later"))).isNull();
    }
    assertThat(rewrite).doesNotExist();
  }
}
