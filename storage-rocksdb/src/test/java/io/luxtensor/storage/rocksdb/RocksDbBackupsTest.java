package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StoreClosedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbBackupsTest {

  @TempDir
  Path dir;

  private StorageConfig config(Path path) {
    return StorageConfig.builder().engine("rocksdb").path(path).cacheSizeBytes(1 << 20).columnFamilies("state").build();
  }

  @Test
  void eachBackupRestoresTheStoreAsItWasThen() {
    Path backupDir = dir.resolve("backups");
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        RocksDbBackups backups = RocksDbBackups.open(backupDir)) {
      write(store, "first", 0, 500);
      RocksDbBackups.Backup first = backups.backup(store);
      write(store, "second", 0, 500);
      store.delete(store.columnFamily("state"), key("first", 0));
      RocksDbBackups.Backup second = backups.backup(store);

      assertThat(backups.backups()).extracting(RocksDbBackups.Backup::id).containsExactly(first.id(), second.id());
      backups.restore(first.id(), dir.resolve("r1"));
      backups.restore(second.id(), dir.resolve("r2"));
    }
    try (KeyValueStore r1 = StorageEngines.open(config(dir.resolve("r1")));
        KeyValueStore r2 = StorageEngines.open(config(dir.resolve("r2")))) {
      assertThat(r1.count(r1.columnFamily("state"), KeyRange.all())).isEqualTo(500);
      assertThat(r2.count(r2.columnFamily("state"), KeyRange.all())).isEqualTo(999);
      assertThat(r2.get(r2.columnFamily("state"), key("first", 0))).isNull();
    }
  }

  @Test
  void secondBackupCopiesOnlyTheNewFiles() throws IOException {
    Path backupDir = dir.resolve("backups");
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        RocksDbBackups backups = RocksDbBackups.open(backupDir)) {
      write(store, "first", 0, 500);
      backups.backup(store);
      long afterFirst = sstFilesIn(backupDir);
      write(store, "second", 0, 500);
      RocksDbBackups.Backup second = backups.backup(store);
      assertThat(sstFilesIn(backupDir)).isEqualTo(afterFirst + 1);
      assertThat(second.files()).isGreaterThan(1);
    }
  }

  @Test
  void verifyAcceptsAnIntactBackup() {
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        RocksDbBackups backups = RocksDbBackups.open(dir.resolve("backups"))) {
      write(store, "k", 0, 1000);
      RocksDbBackups.Backup backup = backups.backup(store);
      backups.verify(backup.id());
      assertThat(backups.backups()).hasSize(1);
    }
  }

  @Test
  void verifyReportsADamagedBackupAsCorruption() throws IOException {
    Path backupDir = dir.resolve("backups");
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        RocksDbBackups backups = RocksDbBackups.open(backupDir)) {
      write(store, "k", 0, 1000);
      RocksDbBackups.Backup backup = backups.backup(store);
      flipByteIn(onlySst(backupDir));
      assertThatThrownBy(() -> backups.verify(backup.id())).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void verifyChecksBlocksOfEveryColumnFamilyNotOnlyFileCopies() throws IOException {
    Path db = dir.resolve("db");
    try (KeyValueStore store = StorageEngines.open(config(db));
        RocksDbBackups backups = RocksDbBackups.open(dir.resolve("backups"))) {
      write(store, "k", 0, 1000);
      store.flush();
      // Damaged before the backup: the backup records the checksum of the damaged file, so only the
      // block checksums of the restored "state" family can tell.
      flipByteIn(onlySst(db));
      RocksDbBackups.Backup backup = backups.backup(store);
      assertThatThrownBy(() -> backups.verify(backup.id())).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void purgeKeepsOnlyTheNewestBackups() {
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        RocksDbBackups backups = RocksDbBackups.open(dir.resolve("backups"))) {
      for (int i = 0; i < 3; i++) {
        write(store, "round" + i, 0, 10);
        backups.backup(store);
      }
      backups.purgeOldBackups(1);
      assertThat(backups.backups()).hasSize(1);
    }
  }

  @Test
  void temporaryStoreCannotBeBackedUp() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").cacheSizeBytes(1 << 20).build());
        RocksDbBackups backups = RocksDbBackups.open(dir.resolve("backups"))) {
      assertThatThrownBy(() -> backups.backup(store)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("persistent");
    }
  }

  @Test
  void closedStoreCannotBeBackedUp() {
    KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
    store.close();
    try (RocksDbBackups backups = RocksDbBackups.open(dir.resolve("backups"))) {
      assertThatThrownBy(() -> backups.backup(store)).isInstanceOf(StoreClosedException.class);
    }
  }

  @Test
  void restoreIntoAnOpenStoreIsRejected() {
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        RocksDbBackups backups = RocksDbBackups.open(dir.resolve("backups"))) {
      write(store, "k", 0, 10);
      RocksDbBackups.Backup backup = backups.backup(store);
      assertThatThrownBy(() -> backups.restore(backup.id(), dir.resolve("db"))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("close it");
    }
  }

  private static void write(KeyValueStore store, String prefix, int from, int to) {
    ColumnFamily cf = store.columnFamily("state");
    for (int i = from; i < to; i++) {
      store.put(cf, key(prefix, i), ("value-" + i).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static byte[] key(String prefix, int i) {
    return (prefix + "/" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static long sstFilesIn(Path backupDir) throws IOException {
    try (Stream<Path> files = Files.walk(backupDir)) {
      return files.filter(p -> p.toString().endsWith(".sst")).count();
    }
  }

  private static Path onlySst(Path backupDir) throws IOException {
    try (Stream<Path> files = Files.walk(backupDir)) {
      List<Path> ssts = files.filter(p -> p.toString().endsWith(".sst")).toList();
      assertThat(ssts).hasSize(1);
      return ssts.get(0);
    }
  }

  private static void flipByteIn(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      long at = channel.size() / 3;
      channel.read(one, at);
      one.put(0, (byte) ~one.get(0));
      one.rewind();
      channel.write(one, at);
    }
  }
}
