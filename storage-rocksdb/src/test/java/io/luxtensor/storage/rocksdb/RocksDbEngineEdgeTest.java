package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.NativeBackups;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RocksDB engine's edges below the public API's guards: a read-only engine, a second close,
 * checkpoint and backup targets that cannot be used.
 */
class RocksDbEngineEdgeTest {

  @TempDir
  Path dir;

  private StorageConfig.Builder config() {
    return StorageConfig.builder().engine("rocksdb").path(dir.resolve("db")).cacheSizeBytes(1 << 20);
  }

  private void createStore() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      store.put(store.defaultColumnFamily(), new byte[] {1}, new byte[] {1});
    }
  }

  @Test
  void readOnlyEngineRefusesToBeginATransactionNamingTheStore() {
    createStore();
    RocksDbEngine engine = RocksDbEngine.open(config().readOnly(true).build());
    try {
      assertThatThrownBy(engine::beginTransaction).isInstanceOf(StorageException.class)
          .hasMessageContaining("read-only").hasMessageContaining(dir.resolve("db").toString());
    } finally {
      engine.close();
    }
  }

  @Test
  void flushOfAReadOnlyEngineDoesNothing() {
    createStore();
    RocksDbEngine engine = RocksDbEngine.open(config().readOnly(true).build());
    try {
      engine.flush();
      assertThat(engine.get(engine.columnFamilies().get(0), new byte[] {1})).containsExactly(1);
    } finally {
      engine.close();
    }
  }

  @Test
  void closingTheEngineTwiceIsHarmless() {
    RocksDbEngine engine = RocksDbEngine.open(config().build());
    engine.close();
    engine.close();
    try (KeyValueStore again = StorageEngines.open(config().build())) {
      assertThat(again.isClosed()).isFalse();
    }
  }

  @Test
  void engineCheckpointIntoAnExistingDirectoryIsAStorageError() throws IOException {
    Path target = Files.createDirectories(dir.resolve("taken"));
    RocksDbEngine engine = RocksDbEngine.open(config().build());
    try {
      assertThatThrownBy(() -> engine.checkpoint(target)).isInstanceOf(StorageException.class)
          .hasMessageContaining(target.toString());
    } finally {
      engine.close();
    }
  }

  @Test
  void checkpointBelowAFileIsAStorageError() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      assertThatThrownBy(() -> store.checkpoint(file.resolve("cp"))).isInstanceOf(StorageException.class);
    }
  }

  @Test
  void backupDirectoryBelowAFileCannotBeCreated() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      assertThatThrownBy(() -> store.nativeBackups(file.resolve("backups"))).isInstanceOf(StorageException.class)
          .hasMessageContaining("cannot create the backup directory");
    }
  }

  @Test
  void backupDirectoryRocksDbCannotUseIsAStorageError() throws IOException {
    Path backups = Files.createDirectories(dir.resolve("backups"));
    Files.writeString(backups.resolve("meta"), "not a directory");
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      assertThatThrownBy(() -> store.nativeBackups(backups)).isInstanceOf(StorageException.class)
          .hasMessageContaining(backups.toString());
    }
  }

  @Test
  void restoreOntoAFileIsRejectedAndLeavesItAlone() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    try (KeyValueStore store = StorageEngines.open(config().build());
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      int id = backups.create().id();
      assertThatThrownBy(() -> backups.restore(id, file)).isInstanceOf(StorageException.class)
          .hasMessageContaining("cannot prepare the restore target");
    }
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void closingABackupHandleTwiceIsHarmless() {
    RocksDbEngine engine = RocksDbEngine.open(config().build());
    try {
      NativeBackups backups = engine.nativeBackups(dir.resolve("backups"));
      backups.close();
      backups.close();
      try (NativeBackups again = engine.nativeBackups(dir.resolve("backups"))) {
        assertThat(again.list()).isEmpty();
      }
    } finally {
      engine.close();
    }
  }
}
