package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery from the write-ahead log: damage inside the log fails the open with a
 * {@link CorruptionException} instead of opening with the writes before the damage, while a log cut
 * short at its end, what a kill in the middle of an append leaves, opens with every complete record.
 */
class RocksDbWalRecoveryTest {

  private static final int WRITES = 1000;
  /** Log bytes per put of a 9-byte key and 100-byte value (record and batch headers included). */
  private static final int RECORD = 131;

  @TempDir
  Path dir;

  @Test
  void bitFlippedInTheMiddleOfTheLogFailsTheOpenNamingTheLogAndTheWayOut() throws IOException {
    StorageConfig config = config(dir).build();
    writeAndClose(config);
    Path log = onlyLog(dir);
    long size = Files.size(log);
    flipBit(log, size / 2, 3);

    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining(dir.toString()).hasMessageContaining(log.getFileName().toString())
        .hasMessageContaining("checksum mismatch").hasMessageContaining("rocksdb.wal_recovery_mode=point_in_time");
    assertThat(Files.size(log)).as("the damaged log is left for salvage").isEqualTo(size);
  }

  @Test
  void pointInTimeSalvageOpensWithEveryWriteBeforeTheDamage() throws IOException {
    StorageConfig config = config(dir).build();
    writeAndClose(config);
    Path log = onlyLog(dir);
    flipBit(log, Files.size(log) / 2, 0);

    try (KeyValueStore store = StorageEngines.open(config.toBuilder().option("rocksdb.wal_recovery_mode", "point_in_time").build())) {
      List<KeyValue> kept = all(store);
      assertThat(kept.size()).isBetween(1, WRITES - 1);
      for (int i = 0; i < kept.size(); i++) {
        assertThat(kept.get(i).key()).isEqualTo(key(i));
        assertThat(kept.get(i).value()).isEqualTo(value(i));
      }
    }
  }

  @Test
  void logCutShortAtItsEndOpensWithEveryCompleteRecord() throws IOException {
    StorageConfig config = config(dir).build();
    writeAndClose(config);
    cutShort(onlyLog(dir), 30);

    try (KeyValueStore store = StorageEngines.open(config)) {
      assertThat(all(store)).hasSize(WRITES - 1);
    }
  }

  /**
   * A length field flipped so that its record reaches past the end of the log reads to RocksDB as a
   * torn write; the intact records after it show it is not one.
   */
  @Test
  void lengthFlippedInTheLastBlockIsReportedNotTakenForATornWrite() throws IOException {
    StorageConfig config = config(dir).build();
    writeAndClose(config);
    Path log = onlyLog(dir);
    long fiftiethFromTheEnd = Files.size(log) - 50L * RECORD;
    flipBit(log, fiftiethFromTheEnd + 5, 7); // the high byte of its length: +32 KiB

    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining(log.getFileName().toString()).hasMessageContaining("byte " + fiftiethFromTheEnd)
        .hasMessageContaining("intact record follows").hasMessageContaining("point_in_time");
  }

  @Test
  void zeroedRecordFollowedByIntactOnesIsReported() throws IOException {
    StorageConfig config = config(dir).build();
    writeAndClose(config);
    Path log = onlyLog(dir);
    long tenthFromTheEnd = Files.size(log) - 10L * RECORD;
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(RECORD), tenthFromTheEnd);
    }
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("zeroed");
  }

  @Test
  void zeroesAfterTheLastRecordAreAnUnwrittenEnd() throws IOException {
    StorageConfig config = config(dir).build();
    writeAndClose(config);
    Path log = onlyLog(dir);
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      channel.write(ByteBuffer.allocate(500));
    }
    try (KeyValueStore store = StorageEngines.open(config)) {
      assertThat(all(store)).hasSize(WRITES);
    }
  }

  @Test
  void logWhoseLastBlockIsEmptyOrUnreadableHasNoDamage() throws IOException {
    assertThat(WalTail.damageInLastBlock(new byte[0], 0)).isEmpty();
    assertThat(WalTail.damageInLastBlock(new byte[3], 0)).isEmpty();
    assertThat(WalTail.damage(dir.resolve("absent.log"))).isEmpty();
    WalTail.check(dir.resolve("absent"));
    WalTail.check(null);
  }

  @Test
  void absoluteConsistencyRejectsEvenALogCutShortAtItsEnd() throws IOException {
    StorageConfig config = config(dir).option("rocksdb.wal_recovery_mode", "absolute_consistency").build();
    writeAndClose(config);
    cutShort(onlyLog(dir), 30);

    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(CorruptionException.class);
  }

  /**
   * A campaign: a bit flipped at a random place of the log of 1,000 writes (header, checksum, payload),
   * 20 times. Every open fails with CorruptionException or returns every write intact; nothing else.
   */
  @Test
  void randomBitFlipsInTheLogAreReportedOrHarmlessNeverSilent() throws IOException {
    SplittableRandom random = new SplittableRandom(17);
    for (int run = 0; run < 20; run++) {
      Path store = dir.resolve("run" + run);
      StorageConfig config = config(store).build();
      writeAndClose(config);
      Path log = onlyLog(store);
      flipBit(log, random.nextLong(Files.size(log)), random.nextInt(8));
      try (KeyValueStore reopened = StorageEngines.open(config)) {
        List<KeyValue> found = all(reopened);
        assertThat(found).as("run %d opened, so every write must be there intact", run).hasSize(WRITES);
        for (int i = 0; i < WRITES; i++) {
          assertThat(found.get(i).value()).isEqualTo(value(i));
        }
      } catch (CorruptionException expected) {
        assertThat(expected).hasMessageContaining(store.toString());
      }
    }
  }

  @Test
  void unknownRecoveryModeIsRejectedWithTheKnownOnes() {
    StorageConfig config = config(dir).option("rocksdb.wal_recovery_mode", "skip_any_corrupted_records").build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("point_in_time").hasMessageContaining("tolerate_corrupted_tail_records");
  }

  @Test
  void recoveryLogWithoutDamageReportsNothing() throws IOException {
    assertThat(RecoveryLog.walDamage(null)).isEmpty();
    assertThat(RecoveryLog.walDamage(dir)).as("no LOG file").isEmpty();
    Files.writeString(dir.resolve("LOG"), "2026/01/01-00:00:00.000000 1 [WARN] nothing to see\n");
    assertThat(RecoveryLog.walDamage(dir)).isEmpty();
  }

  private static StorageConfig.Builder config(Path path) {
    // Unsynced writes log the same records as synced ones, a clean close keeps them all, and the test runs faster.
    return StorageConfig.builder().engine("rocksdb").path(path).cacheSizeBytes(1 << 20).syncWrites(false);
  }

  /** One WAL record per write; closing does not flush, so the writes stay in the log only. */
  private static void writeAndClose(StorageConfig config) {
    try (KeyValueStore store = StorageEngines.open(config)) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (int i = 0; i < WRITES; i++) {
        store.put(cf, key(i), value(i));
      }
    }
  }

  private static List<KeyValue> all(KeyValueStore store) {
    try (KvIterator it = store.iterator(store.defaultColumnFamily(), KeyRange.all())) {
      return it.stream().toList();
    }
  }

  private static Path onlyLog(Path store) throws IOException {
    try (Stream<Path> files = Files.list(store)) {
      List<Path> logs = files.filter(p -> p.toString().endsWith(".log")).toList();
      assertThat(logs).hasSize(1);
      assertThat(Files.size(logs.get(0))).isGreaterThan(WRITES * 100L);
      return logs.get(0);
    }
  }

  private static void flipBit(Path file, long at, int bit) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, at);
      one.put(0, (byte) (one.get(0) ^ (1 << bit)));
      one.rewind();
      channel.write(one, at);
    }
  }

  private static void cutShort(Path file, long bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - bytes);
    }
  }

  private static byte[] key(int i) {
    return String.format("key-%05d", i).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] value(int i) {
    byte[] value = new byte[100];
    new SplittableRandom(i).nextBytes(value);
    return value;
  }
}
