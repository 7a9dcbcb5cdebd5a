package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Compression;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes flipped inside an SST file are reported as CorruptionException, never returned as data. */
class RocksDbCorruptionTest {

  private static final int ENTRIES = 20_000;

  @TempDir
  Path dir;

  private StorageConfig config;

  @BeforeEach
  void writeFlushAndDamageAnSstFile() throws IOException {
    // No compression and no cache, so every read goes to the damaged file's raw blocks.
    config = StorageConfig.builder().engine("rocksdb").path(dir).compression(Compression.NONE).cacheSizeBytes(0).build();
    try (KeyValueStore store = StorageEngines.open(config)) {
      WriteBatch batch = store.newBatch();
      for (int i = 0; i < ENTRIES; i++) {
        batch.put(store.defaultColumnFamily(), key(i), value(i));
      }
      store.write(batch);
      store.flush();
    }
    flipBytesInTheMiddleOf(onlySstFile());
  }

  @Test
  void scanReportsCorruptionAndReturnsOnlyIntactEntries() {
    try (KeyValueStore store = StorageEngines.open(config)) {
      assertThatThrownBy(() -> {
        try (KvIterator it = store.iterator(store.defaultColumnFamily(), KeyRange.all())) {
          for (int i = 0; it.isValid(); it.next(), i++) {
            assertThat(it.key()).isEqualTo(key(i));
            assertThat(it.value()).isEqualTo(value(i));
          }
        }
      }).isInstanceOf(CorruptionException.class).hasMessageContaining("corrupt");
    }
  }

  @Test
  void pointReadsOfDamagedBlocksReportCorruptionAndOthersReturnTheWrittenValue() {
    try (KeyValueStore store = StorageEngines.open(config)) {
      ColumnFamily cf = store.defaultColumnFamily();
      int corrupt = 0;
      for (int i = 0; i < ENTRIES; i++) {
        try {
          assertThat(store.get(cf, key(i))).isEqualTo(value(i));
        } catch (CorruptionException e) {
          corrupt++;
        }
      }
      assertThat(corrupt).isPositive().isLessThan(ENTRIES);
    }
  }

  @Test
  void compactionReportsCorruption() {
    try (KeyValueStore store = StorageEngines.open(config)) {
      assertThatThrownBy(() -> store.compact(store.defaultColumnFamily(), KeyRange.all()))
          .isInstanceOf(CorruptionException.class);
    }
  }

  private Path onlySstFile() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> ssts = files.filter(p -> p.toString().endsWith(".sst")).toList();
      assertThat(ssts).hasSize(1);
      return ssts.get(0);
    }
  }

  /** Damages data blocks: they come first in an SST file, index and footer last. */
  private static void flipBytesInTheMiddleOf(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long at = channel.size() / 3;
      ByteBuffer buffer = ByteBuffer.allocate(16);
      channel.read(buffer, at);
      for (int i = 0; i < buffer.limit(); i++) {
        buffer.put(i, (byte) ~buffer.get(i));
      }
      buffer.rewind();
      channel.write(buffer, at);
      channel.force(true);
    }
  }

  private static byte[] key(int i) {
    return String.format("key-%08d", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static byte[] value(int i) {
    byte[] value = new byte[100];
    new Random(i).nextBytes(value);
    return value;
  }
}
