package io.luxtensor.storage.backup;

import static io.luxtensor.storage.backup.Fixtures.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.backup.Manifest.ChangeDetection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalTest {

  @TempDir
  Path dir;

  private static Map<String, Map<String, String>> restored(Backups backups, String id) {
    try (KeyValueStore target = Fixtures.memory()) {
      backups.restoreInto(id, target, RestoreOptions.defaults());
      return Fixtures.content(target);
    }
  }

  /** Puts, overwrites, deletes, a range delete, a new family and a dropped one. */
  private static void change(KeyValueStore store, int round) {
    ColumnFamily blocks = store.columnFamily("blocks");
    for (int i = 0; i < 10; i++) {
      store.put(blocks, b("r" + round + "-" + i), b("v" + i));
    }
    store.put(store.defaultColumnFamily(), new byte[] {0}, b("overwritten " + round));
    store.delete(store.defaultColumnFamily(), new byte[] {(byte) 0xff, 1});
    store.deleteRange(blocks, KeyRange.of(b("r" + round + "-5"), b("r" + round + "-8")));
    Fixtures.family(store, "new-" + round).name();
    store.put(store.columnFamily("new-" + round), b("k"), b("v"));
    if (round > 0) {
      store.dropColumnFamily(store.columnFamily("new-" + (round - 1)));
    }
  }

  @Test
  void aScannedIncrementalHoldsOnlyTheChangesAndItsChainRestoresTheStore() {
    try (KeyValueStore store = Fixtures.memory()) {
      Fixtures.fill(store, 2000, 21);
      Backups backups = Backups.open(dir);
      backups.create(store, BackupOptions.full());
      change(store, 0);
      Manifest inc = backups.create(store, BackupOptions.incrementalBackup());
      assertThat(inc.parent()).isEqualTo("000001");
      assertThat(inc.changeDetection()).isEqualTo(ChangeDetection.SCAN);
      // 10 puts - 3 range-deleted keys that never reached the parent, so they are simply absent
      assertThat(inc.columnFamily("blocks").orElseThrow().records()).isEqualTo(7);
      assertThat(inc.columnFamily("default").orElseThrow().records()).isEqualTo(2);
      assertThat(restored(backups, inc.id())).isEqualTo(Fixtures.content(store));
    }
  }

  @Test
  void everyBackupOfAChainRestoresTheStoreAsItWasWhenTaken() {
    try (KeyValueStore store = Fixtures.memory()) {
      Fixtures.fill(store, 300, 22);
      Backups backups = Backups.open(dir);
      List<Map<String, Map<String, String>>> states = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      ids.add(backups.create(store, BackupOptions.full()).id());
      states.add(Fixtures.content(store));
      for (int round = 0; round < 3; round++) {
        change(store, round);
        ids.add(backups.create(store, BackupOptions.incrementalBackup()).id());
        states.add(Fixtures.content(store));
      }
      for (int i = 0; i < ids.size(); i++) {
        assertThat(restored(backups, ids.get(i))).as("backup %s", ids.get(i)).isEqualTo(states.get(i));
      }
    }
  }

  @Test
  void aLoggedStoreIncrementalReadsTheChangesFromItsLogAndRestoresTheStore() {
    StorageConfig config = StorageConfig.builder().engine("memory").build();
    try (LoggedStore store = LoggedStore.open(config, dir.resolve("log"))) {
      Fixtures.fill(store, 2000, 23);
      Backups backups = Backups.open(dir.resolve("b"));
      Manifest full = backups.create(store, BackupOptions.full().withKeyIndex(false));
      assertThat(full.logSequence()).isEqualTo(store.changeLog().lastSequence());
      change(store, 0);
      try (Transaction tx = store.beginTransaction()) {
        tx.put(store.columnFamily("blocks"), b("tx"), b("committed"));
        tx.commit();
      }
      Manifest inc = backups.create(store, BackupOptions.incrementalBackup().withKeyIndex(false));
      assertThat(inc.changeDetection()).isEqualTo(ChangeDetection.CHANGE_LOG);
      // the 10 keys put (3 of them since deleted), the transaction's key, and the range delete
      assertThat(inc.columnFamily("blocks").orElseThrow().records()).isEqualTo(12);
      assertThat(restored(backups, inc.id())).isEqualTo(Fixtures.content(store));
      change(store, 1);
      Manifest next = backups.create(store, BackupOptions.incrementalBackup());
      assertThat(next.columnFamily("new-1").orElseThrow().reset()).isTrue();
      assertThat(restored(backups, next.id())).isEqualTo(Fixtures.content(store));
    }
  }

  @Test
  void aScannedIncrementalOverALogIncrementalWithoutIndexStillRestoresTheStore() {
    StorageConfig config = StorageConfig.builder().engine("memory").build();
    Backups backups = Backups.open(dir.resolve("b"));
    try (LoggedStore store = LoggedStore.open(config, dir.resolve("log"))) {
      Fixtures.fill(store, 500, 24);
      backups.create(store, BackupOptions.full());
      change(store, 0);
      backups.create(store, BackupOptions.incrementalBackup().withKeyIndex(false));
      // The same data, now without its log: the next incremental must scan, with no index to compare with.
      try (KeyValueStore plain = Fixtures.memory()) {
        backups.restoreInto("000002", plain, RestoreOptions.defaults());
        change(plain, 1);
        Manifest scanned = backups.create(plain, BackupOptions.incrementalBackup());
        assertThat(scanned.changeDetection()).isEqualTo(ChangeDetection.SCAN);
        assertThat(restored(backups, scanned.id())).isEqualTo(Fixtures.content(plain));
      }
    }
  }

  @Test
  void pruneKeepsTheNewestBackupsAndEveryParentTheyNeed() {
    try (KeyValueStore store = Fixtures.memory()) {
      Backups backups = Backups.open(dir);
      backups.create(store, BackupOptions.full());
      for (int i = 0; i < 2; i++) {
        store.put(store.defaultColumnFamily(), b("k" + i), b("v"));
        backups.create(store, BackupOptions.incrementalBackup());
      }
      assertThat(backups.prune(1)).isEmpty(); // 000003 needs 000002 and 000001
      backups.create(store, BackupOptions.full());
      store.put(store.defaultColumnFamily(), b("last"), b("v"));
      backups.create(store, BackupOptions.incrementalBackup());
      assertThat(backups.prune(2)).containsExactly("000001", "000002", "000003");
      assertThat(backups.list()).extracting(Manifest::id).containsExactly("000004", "000005");
      assertThat(restored(backups, "000005")).isEqualTo(Fixtures.content(store));
    }
  }
}
