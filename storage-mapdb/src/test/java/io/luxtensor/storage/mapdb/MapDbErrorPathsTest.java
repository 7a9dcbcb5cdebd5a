package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DBException;

/** How MapDB's failures and bad configuration reach the user: each kind of error maps to one exception type. */
class MapDbErrorPathsTest {

  private static final Path FILE = Path.of("/data/lux/mapdb.db");

  @TempDir
  Path dir;

  private static StackTraceElement frame(String className) {
    return new StackTraceElement(className, "read", "X.java", 1);
  }

  @Test
  void decodingFailureInsideMapDbIsCorruption() {
    BufferUnderflowException underflow = new BufferUnderflowException();
    underflow.setStackTrace(new StackTraceElement[] {frame("java.nio.HeapByteBuffer"), frame("org.mapdb.volume.Volume")});
    assertThat(MapDbErrors.map(underflow, "read", FILE)).isInstanceOf(CorruptionException.class).hasCause(underflow);
  }

  @Test
  void decodingFailureOutsideMapDbIsNotCorruption() {
    IndexOutOfBoundsException outside = new IndexOutOfBoundsException("7");
    outside.setStackTrace(new StackTraceElement[] {frame("io.luxtensor.storage.mapdb.Batches")});
    StorageException mapped = MapDbErrors.map(outside, "read", FILE);
    assertThat(mapped.getClass()).isEqualTo(StorageException.class);
    assertThat(mapped).hasCause(outside);
  }

  @Test
  void assertionFailureInsideMapDbIsCorruption() {
    AssertionError assertion = new AssertionError("bad node");
    assertion.setStackTrace(new StackTraceElement[] {frame("org.mapdb.BTreeMap")});
    assertThat(MapDbErrors.map(assertion, "read", FILE)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void eofAndVoidRecordsAreCorruption() {
    assertThat(MapDbErrors.map(new DBException.VolumeEOF("past end"), "read", FILE)).isInstanceOf(CorruptionException.class);
    assertThat(MapDbErrors.map(new DBException.GetVoid(42L), "read", FILE)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void quotaExceededDeepInTheCauseChainIsStorageFull() {
    RuntimeException wrapped = new RuntimeException("write failed", new IOException("Disk quota exceeded"));
    assertThat(MapDbErrors.map(wrapped, "commit", FILE)).isInstanceOf(StorageFullException.class).hasCause(wrapped);
  }

  @Test
  void notEnoughSpaceMessageIsStorageFull() {
    IOException windows = new IOException("There is not enough space on the disk");
    assertThat(MapDbErrors.map(new DBException.VolumeIOError(windows), "commit", FILE)).isInstanceOf(StorageFullException.class);
  }

  @Test
  void ioErrorWithoutAMessageIsAPlainStorageError() {
    IOException silent = new IOException();
    StorageException mapped = MapDbErrors.map(new DBException.VolumeIOError(silent), "commit", FILE);
    assertThat(mapped.getClass()).isEqualTo(StorageException.class);
  }

  @Test
  void mapDbOutOfMemoryIsStorageFull() {
    assertThat(MapDbErrors.map(new DBException.OutOfMemory(new OutOfMemoryError("direct")), "write", null))
        .isInstanceOf(StorageFullException.class).hasMessageContaining("temporary");
  }

  private StorageConfig.Builder config() {
    return StorageConfig.builder().engine("mapdb").path(dir);
  }

  @Test
  void nonBooleanMmapOptionIsRejectedWithTheValue() {
    assertThatThrownBy(() -> StorageEngines.open(config().option("mapdb.mmap", "yes").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mapdb.mmap").hasMessageContaining("\"yes\"");
  }

  @Test
  void nonNumericNodeSizeIsRejectedWithTheRange() {
    assertThatThrownBy(() -> StorageEngines.open(config().option("mapdb.node_size", "big").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mapdb.node_size").hasMessageContaining("from 6 to 1024");
  }

  @Test
  void nodeSizeOutOfRangeIsRejected() {
    assertThatThrownBy(() -> StorageEngines.open(config().option("mapdb.node_size", "2000").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"2000\"");
  }

  @Test
  void negativeLockWaitIsRejected() {
    assertThatThrownBy(() -> StorageEngines.open(config().option("mapdb.lock_wait_ms", "-1").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mapdb.lock_wait_ms");
  }

  @Test
  void storeWithValidOptionsOpensAndWorks() {
    StorageConfig valid = config().option("mapdb.mmap", "FALSE").option("mapdb.node_size", " 64 ").option("mapdb.lock_wait_ms", "0").build();
    try (var store = StorageEngines.open(valid)) {
      store.put(store.defaultColumnFamily(), new byte[] {1}, new byte[] {2});
      assertThat(store.get(store.defaultColumnFamily(), new byte[] {1})).containsExactly(2);
    }
  }

  @Test
  void pathThatIsAFileIsRejectedNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    assertThatThrownBy(() -> StorageEngines.open(StorageConfig.builder().engine("mapdb").path(file).build()))
        .isInstanceOf(StorageException.class).hasMessageContaining("it is a file, not a directory");
  }

  @Test
  void missingStoreWithoutCreateIfMissingIsRejected() {
    Path missing = dir.resolve("none");
    StorageConfig noCreate = StorageConfig.builder().engine("mapdb").path(missing).createIfMissing(false).build();
    assertThatThrownBy(() -> StorageEngines.open(noCreate)).isInstanceOf(StorageException.class)
        .hasMessageContaining("createIfMissing is false");
    assertThat(missing).doesNotExist();
  }

  @Test
  void directoryThatCannotBeCreatedIsAStorageError() throws IOException {
    Path file = Files.writeString(dir.resolve("blocker"), "x");
    Path below = file.resolve("store");
    assertThatThrownBy(() -> StorageEngines.open(StorageConfig.builder().engine("mapdb").path(below).build()))
        .isInstanceOf(StorageException.class).hasMessageContaining("cannot create the MapDB store directory");
  }
  @Test
  void readOnlyOpenNamingAFamilyTheStoreLacksIsRejected() {
    try (var store = StorageEngines.open(config().build())) {
      store.put(store.defaultColumnFamily(), new byte[] {1}, new byte[] {1});
    }
    StorageConfig readOnly = config().readOnly(true).columnFamilies("absent").build();
    assertThatThrownBy(() -> StorageEngines.open(readOnly)).isInstanceOf(StorageException.class)
        .hasMessageContaining("\"absent\" does not exist in the read-only MapDB store");
  }

  @Test
  void engineDescribesItsFileAndSequence() {
    MapDbEngine engine = MapDbEngine.open(config().build());
    try {
      assertThat(engine.toString()).contains(dir.resolve("mapdb.db").toString()).contains("sequence 0");
    } finally {
      engine.close();
    }
  }

  @Test
  void temporaryEngineDescribesItselfAsTemporary() {
    MapDbEngine engine = MapDbEngine.open(StorageConfig.builder().engine("mapdb").build());
    try {
      assertThat(engine.toString()).contains("temporary");
    } finally {
      engine.close();
    }
  }

  @Test
  void closingTheEngineTwiceIsHarmless() {
    MapDbEngine engine = MapDbEngine.open(config().build());
    engine.close();
    engine.close();
    try (var store = StorageEngines.open(config().build())) {
      assertThat(store.get(store.defaultColumnFamily(), new byte[] {9})).isNull();
    }
  }
}
