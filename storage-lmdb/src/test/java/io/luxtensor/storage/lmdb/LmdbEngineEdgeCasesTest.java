package io.luxtensor.storage.lmdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read-only opens, checkpoints that cannot be written, and dropped families seen by reads and stats. */
class LmdbEngineEdgeCasesTest {

  @TempDir
  Path dir;

  private StorageConfig.Builder config(Path path) {
    return StorageConfig.builder().engine("lmdb").path(path).mapSizeBytes(1 << 20);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private void createStore() {
    try (KeyValueStore store = StorageEngines.open(config(dir).columnFamilies("blocks").build())) {
      store.put(store.columnFamily("blocks"), bytes("b1"), bytes("one"));
    }
  }

  @Test
  void readOnlyOpenNamingAFamilyTheStoreLacksFailsListingTheMissingAndExistingFamilies() {
    createStore();
    assertThatThrownBy(() -> StorageEngines.open(config(dir).readOnly(true).columnFamilies("blocks", "state").build()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot open column families [state]")
        .hasMessageContaining("existing: [blocks, default]")
        .hasMessageContaining("open it writable once to create them");
  }

  @Test
  void readOnlyOpenOfExistingFamiliesReadsThem() {
    createStore();
    try (KeyValueStore store = StorageEngines.open(config(dir).readOnly(true).columnFamilies("blocks").build())) {
      assertThat(store.get(store.columnFamily("blocks"), bytes("b1"))).isEqualTo(bytes("one"));
    }
  }

  @Test
  void flushOfAReadOnlyStoreSucceedsAndChangesNothing() throws Exception {
    createStore();
    Path data = dir.resolve(LmdbPaths.DATA_FILE);
    byte[] before = Files.readAllBytes(data);
    try (KeyValueStore store = StorageEngines.open(config(dir).readOnly(true).build())) {
      store.flush();
    }
    assertThat(Files.readAllBytes(data)).isEqualTo(before);
  }

  @Test
  void aStoreOpensWithPageChecksTurnedOff() {
    createStore();
    try (KeyValueStore store = StorageEngines.open(config(dir).option("lmdb.check_pages", "never").build())) {
      assertThat(store.get(store.columnFamily("blocks"), bytes("b1"))).isEqualTo(bytes("one"));
    }
  }

  @Test
  void checkpointBelowARegularFileFailsSayingTheDirectoryCannotBeCreated() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("store")).build())) {
      assertThatThrownBy(() -> store.checkpoint(file.resolve("checkpoint")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("cannot create the directory")
          .hasMessageContaining("choose a writable location");
    }
  }

  @Test
  void checkpointIntoAnExistingDirectoryIsRejectedAndLeavesItsFilesAlone() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target"));
    Path existing = Files.writeString(target.resolve(LmdbPaths.DATA_FILE), "not mine");
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("store")).build())) {
      assertThatThrownBy(() -> store.checkpoint(target))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(target.toString());
    }
    assertThat(Files.readString(existing)).isEqualTo("not mine");
  }

  @Test
  void entryCountOfTheMetricsLeavesOutADroppedFamily() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
      ColumnFamily gone = store.createColumnFamily("gone");
      store.put(gone, bytes("a"), bytes("1"));
      store.put(gone, bytes("b"), bytes("2"));
      store.dropColumnFamily(gone);
      assertThat(store.metrics().engineProperties()).containsEntry("lmdb.entries", 1L);
    }
  }

  @Test
  void aFamilyCreatedAfterOneWasReadAndDroppedReadsItsOwnEntries() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily first = store.createColumnFamily("first");
      store.put(first, bytes("k"), bytes("first"));
      assertThat(store.get(first, bytes("k"))).isEqualTo(bytes("first"));
      store.dropColumnFamily(first);
      ColumnFamily second = store.createColumnFamily("second");
      store.put(second, bytes("k"), bytes("second"));
      assertThat(store.get(second, bytes("k"))).isEqualTo(bytes("second"));
      assertThat(store.get(store.defaultColumnFamily(), bytes("k"))).isNull();
    }
  }
}
