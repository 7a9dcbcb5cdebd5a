package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.NativeBackup;
import io.luxtensor.storage.NativeBackups;
import io.luxtensor.storage.ReadOnlyStoreException;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StoreClosedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native backups as a capability of the store: {@code store.nativeBackups(directory)}. */
class RocksDbBackupsTest {

  @TempDir
  Path dir;

  private StorageConfig config(Path path) {
    return StorageConfig.builder().engine("rocksdb").path(path).cacheSizeBytes(1 << 20).columnFamilies("state").build();
  }

  @Test
  void eachBackupRestoresTheStoreAsItWasThen() {
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      write(store, "first", 0, 500);
      NativeBackup first = backups.create();
      write(store, "second", 0, 500);
      store.delete(store.columnFamily("state"), key("first", 0));
      NativeBackup second = backups.create();

      assertThat(backups.list()).extracting(NativeBackup::id).containsExactly(first.id(), second.id());
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
        NativeBackups backups = store.nativeBackups(backupDir)) {
      write(store, "first", 0, 500);
      backups.create();
      long afterFirst = sstFilesIn(backupDir);
      write(store, "second", 0, 500);
      NativeBackup second = backups.create();
      assertThat(sstFilesIn(backupDir)).isEqualTo(afterFirst + 1);
      assertThat(second.files()).isGreaterThan(1);
    }
  }

  @Test
  void backupsOfADirectoryOutliveTheHandleAndTheStore() {
    Path backupDir = dir.resolve("backups");
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")))) {
      write(store, "k", 0, 10);
      try (NativeBackups backups = store.nativeBackups(backupDir)) {
        backups.create();
      }
    }
    try (KeyValueStore other = StorageEngines.open(config(dir.resolve("other")));
        NativeBackups backups = other.nativeBackups(backupDir)) {
      assertThat(backups.list()).hasSize(1);
    }
  }

  @Test
  void verifyAcceptsAnIntactBackup() {
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      write(store, "k", 0, 1000);
      NativeBackup backup = backups.create();
      backups.verify(backup.id());
      assertThat(backups.list()).hasSize(1);
    }
  }

  @Test
  void verifyReportsADamagedBackupAsCorruption() throws IOException {
    Path backupDir = dir.resolve("backups");
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        NativeBackups backups = store.nativeBackups(backupDir)) {
      write(store, "k", 0, 1000);
      NativeBackup backup = backups.create();
      flipByteIn(onlySst(backupDir));
      assertThatThrownBy(() -> backups.verify(backup.id())).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void verifyChecksBlocksOfEveryColumnFamilyNotOnlyFileCopies() throws IOException {
    Path db = dir.resolve("db");
    try (KeyValueStore store = StorageEngines.open(config(db));
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      write(store, "k", 0, 1000);
      store.flush();
      // Damaged before the backup: the backup records the checksum of the damaged file, so only the
      // block checksums of the restored "state" family can tell.
      flipByteIn(onlySst(db));
      NativeBackup backup = backups.create();
      assertThatThrownBy(() -> backups.verify(backup.id())).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void verifyOfAnUnknownBackupIsAStorageException() {
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      assertThatThrownBy(() -> backups.verify(42)).isInstanceOf(StorageException.class).hasMessageContaining("42");
    }
  }

  @Test
  void purgeKeepsOnlyTheNewestBackups() {
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      for (int i = 0; i < 3; i++) {
        write(store, "round" + i, 0, 10);
        backups.create();
      }
      int newest = backups.list().get(2).id();
      backups.purgeOldBackups(1);
      assertThat(backups.list()).extracting(NativeBackup::id).containsExactly(newest);
      backups.purgeOldBackups(0);
      assertThat(backups.list()).isEmpty();
    }
  }

  @Test
  void temporaryStoreCanBeBackedUpAndRestoredAsAPersistentOne() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").cacheSizeBytes(1 << 20).build());
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      store.put(store.defaultColumnFamily(), key("k", 1), key("v", 1));
      backups.restore(backups.create().id(), dir.resolve("restored"));
    }
    try (KeyValueStore restored = StorageEngines.open(config(dir.resolve("restored")))) {
      assertThat(restored.get(restored.defaultColumnFamily(), key("k", 1))).isEqualTo(key("v", 1));
    }
  }

  @Test
  void readOnlyStoreListsAndRestoresButCannotBackUp() {
    Path db = dir.resolve("db");
    try (KeyValueStore store = StorageEngines.open(config(db));
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      write(store, "k", 0, 10);
      backups.create();
    }
    try (KeyValueStore store = StorageEngines.open(config(db).toBuilder().readOnly(true).build());
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      assertThatThrownBy(backups::create).isInstanceOf(ReadOnlyStoreException.class);
      backups.restore(backups.list().get(0).id(), dir.resolve("restored"));
    }
  }

  @Test
  void restoreIntoANonEmptyDirectoryIsRejectedAndLeavesItAlone() {
    Path db = dir.resolve("db");
    try (KeyValueStore store = StorageEngines.open(config(db));
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      write(store, "k", 0, 10);
      NativeBackup backup = backups.create();
      write(store, "later", 0, 10);
      assertThatThrownBy(() -> backups.restore(backup.id(), db)).isInstanceOf(StorageException.class)
          .hasMessageContaining("not empty").hasMessageContaining(db.toString());
      assertThat(store.count(store.columnFamily("state"), KeyRange.all())).isEqualTo(20);
    }
  }

  @Test
  void secondHandleOnTheSameDirectoryIsRejected() {
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
        NativeBackups backups = store.nativeBackups(dir.resolve("backups"))) {
      assertThatThrownBy(() -> store.nativeBackups(dir.resolve("backups/../backups"))).isInstanceOf(StorageException.class)
          .hasMessageContaining("already open");
      assertThat(backups.list()).isEmpty();
    }
  }

  @Test
  void closingTheStoreClosesItsBackupHandles() {
    KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
    NativeBackups backups = store.nativeBackups(dir.resolve("backups"));
    store.close();
    assertThatThrownBy(backups::list).isInstanceOf(StoreClosedException.class);
    backups.close();
  }

  @Test
  void closedHandleRejectsCallsAndTheDirectoryCanBeOpenedAgain() {
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("db")))) {
      NativeBackups backups = store.nativeBackups(dir.resolve("backups"));
      backups.close();
      assertThatThrownBy(backups::create).isInstanceOf(StoreClosedException.class);
      try (NativeBackups again = store.nativeBackups(dir.resolve("backups"))) {
        assertThat(again.list()).isEmpty();
      }
    }
  }

  /** The engine itself closes a handle its caller left open, before the database it reads. */
  @Test
  void engineCloseReleasesLeftoverBackupEngines() {
    RocksDbEngine engine = RocksDbEngine.open(config(dir.resolve("db")));
    NativeBackups backups = engine.nativeBackups(dir.resolve("backups"));
    backups.create();
    engine.close();
    assertThatThrownBy(backups::list).isInstanceOf(StoreClosedException.class);
  }

  @Test
  void storeCloseRacingABackupEitherCompletesItOrReportsTheClosedHandle() throws Exception {
    KeyValueStore store = StorageEngines.open(config(dir.resolve("db")));
    write(store, "k", 0, 2000);
    NativeBackups backups = store.nativeBackups(dir.resolve("backups"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      Future<Integer> backedUp = pool.submit(() -> {
        started.countDown();
        int done = 0;
        try {
          while (true) {
            backups.create();
            done++;
          }
        } catch (StoreClosedException e) {
          return done;
        }
      });
      started.await();
      store.close();
      int done = backedUp.get();
      try (KeyValueStore reopened = StorageEngines.open(config(dir.resolve("db")));
          NativeBackups again = reopened.nativeBackups(dir.resolve("backups"))) {
        assertThat(again.list()).hasSizeGreaterThanOrEqualTo(done);
        for (NativeBackup backup : again.list()) {
          again.verify(backup.id());
        }
      }
    } finally {
      pool.shutdownNow();
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
