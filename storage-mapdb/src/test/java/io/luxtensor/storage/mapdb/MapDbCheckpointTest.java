package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MapDB checkpoints: a consistent, compact copy of a live store, with nothing of dropped families. */
class MapDbCheckpointTest {

  @TempDir
  Path dir;

  private static KeyValueStore open(Path path, String... families) {
    return StorageEngines.open(StorageConfig.builder().engine("mapdb").path(path).columnFamilies(families).build());
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(4).putInt(i).array();
  }

  private static long counter(KeyValueStore store, String key) {
    return ByteBuffer.wrap(store.get(store.defaultColumnFamily(), b(key))).getLong();
  }

  @Test
  void checkpointTakenWhileAWriterCommitsHoldsWholeBatchesOnly() throws Exception {
    try (KeyValueStore store = open(dir.resolve("store"))) {
      ColumnFamily cf = store.defaultColumnFamily();
      AtomicBoolean stop = new AtomicBoolean();
      store.write(store.newBatch().put(cf, b("a"), ByteBuffer.allocate(8).putLong(0).array())
          .put(cf, b("b"), ByteBuffer.allocate(8).putLong(0).array()));
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        for (long n = 1; !stop.get(); n++) {
          byte[] value = ByteBuffer.allocate(8).putLong(n).array();
          store.write(store.newBatch().put(cf, b("a"), value).put(cf, b("b"), value));
        }
      });
      long before = counter(store, "a");
      store.checkpoint(dir.resolve("copy"));
      stop.set(true);
      writer.get();
      try (KeyValueStore copy = open(dir.resolve("copy"))) {
        assertThat(counter(copy, "a")).isEqualTo(counter(copy, "b")).isGreaterThanOrEqualTo(before);
      }
    }
  }

  @Test
  void familiesLargerThanOneCopyCommitArriveWholeWithTheirTreeOptions() {
    Path source = dir.resolve("store");
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("mapdb").path(source)
        .columnFamilies("big", "empty").option("mapdb.node_size", "8").option("mapdb.mmap", "false").build())) {
      ColumnFamily big = store.columnFamily("big");
      int entries = 2 * MapDbCheckpoint.CHUNK_ENTRIES + 7;
      WriteBatch batch = store.newBatch();
      for (int i = 0; i < entries; i++) {
        batch.put(big, key(i), key(i * 3));
      }
      store.write(batch);
      store.put(big, key(5), b("overwritten"));
      store.delete(big, key(6));
      store.checkpoint(dir.resolve("copy"));
      try (KeyValueStore copy = open(dir.resolve("copy"))) {
        assertThat(copy.columnFamilies().stream().map(ColumnFamily::name)).containsExactlyInAnyOrder("default", "big", "empty");
        ColumnFamily copied = copy.columnFamily("big");
        assertThat(copy.count(copied, KeyRange.all())).isEqualTo(entries - 1);
        assertThat(copy.get(copied, key(5))).isEqualTo(b("overwritten"));
        assertThat(copy.get(copied, key(6))).isNull();
        assertThat(copy.get(copied, key(entries - 1))).isEqualTo(key((entries - 1) * 3));
        assertThat(copy.count(copy.columnFamily("empty"), KeyRange.all())).isZero();
      }
    }
  }

  @Test
  void valueLargerThanOneCopyCommitIsCopied() {
    byte[] large = new byte[(int) MapDbCheckpoint.CHUNK_BYTES + 1];
    large[large.length - 1] = 7;
    try (KeyValueStore store = open(dir.resolve("store"))) {
      store.put(store.defaultColumnFamily(), b("large"), large);
      store.put(store.defaultColumnFamily(), b("small"), b("s"));
      store.checkpoint(dir.resolve("copy"));
    }
    try (KeyValueStore copy = open(dir.resolve("copy"))) {
      assertThat(copy.get(copy.defaultColumnFamily(), b("large"))).isEqualTo(large);
      assertThat(copy.get(copy.defaultColumnFamily(), b("small"))).isEqualTo(b("s"));
    }
  }

  @Test
  void temporaryStoreCheckpointsToAStoreOnDisk() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("mapdb").build())) {
      store.put(store.defaultColumnFamily(), b("k"), b("v"));
      store.checkpoint(dir.resolve("copy"));
    }
    try (KeyValueStore copy = open(dir.resolve("copy"))) {
      assertThat(copy.get(copy.defaultColumnFamily(), b("k"))).isEqualTo(b("v"));
    }
  }

  @Test
  void droppedFamilyLeavesNothingInACheckpoint() throws Exception {
    byte[] secret = b("dropped-family-secret-value-0123456789");
    try (KeyValueStore store = open(dir.resolve("store"), "gone")) {
      ColumnFamily gone = store.columnFamily("gone");
      for (int i = 0; i < 100; i++) {
        store.put(gone, key(i), secret);
      }
      store.dropColumnFamily(gone);
      store.put(store.defaultColumnFamily(), b("kept"), b("v"));
      store.checkpoint(dir.resolve("copy"));
    }
    assertThat(filesContaining(dir.resolve("copy"), secret)).isEmpty();
    try (KeyValueStore copy = open(dir.resolve("copy"))) {
      assertThat(copy.columnFamilies().stream().map(ColumnFamily::name)).containsExactly("default");
      assertThat(copy.get(copy.defaultColumnFamily(), b("kept"))).isEqualTo(b("v"));
    }
  }

  @Test
  void checkpointThatCannotCreateItsStoreFailsAndLeavesNothing() throws Exception {
    Path blocker = Files.createFile(dir.resolve("a-file"));
    try (KeyValueStore store = open(dir.resolve("store"))) {
      store.put(store.defaultColumnFamily(), b("k"), b("v"));
      assertThatThrownBy(() -> store.checkpoint(blocker.resolve("copy"))).isInstanceOf(StorageException.class)
          .hasMessageContaining(blocker.toString());
      assertThat(store.get(store.defaultColumnFamily(), b("k"))).isEqualTo(b("v"));
    }
    assertThat(Files.isRegularFile(blocker)).isTrue();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a-file", "store");
    }
  }

  /** The files under {@code root} whose bytes contain {@code needle}. */
  static List<Path> filesContaining(Path root, byte[] needle) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(p -> contains(read(p), needle)).toList();
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
