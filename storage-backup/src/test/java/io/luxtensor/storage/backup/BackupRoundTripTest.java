package io.luxtensor.storage.backup;

import static io.luxtensor.storage.backup.Fixtures.assertSameContent;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRoundTripTest {

  @TempDir
  Path dir;

  @Test
  void aFullBackupRestoresEveryFamilyEntryAndEmptyValueIntoAnEmptyStore() {
    try (KeyValueStore source = Fixtures.memory(); KeyValueStore target = Fixtures.memory()) {
      Fixtures.fill(source, 3000, 1);
      Backups backups = Backups.open(dir.resolve("b"));
      Manifest m = backups.create(source, BackupOptions.full());
      backups.restoreInto(m.id(), target, RestoreOptions.defaults());
      assertSameContent(target, source);
    }
  }

  @Test
  void anUncompressedBackupRestoresTheSameAsACompressedOne() {
    try (KeyValueStore source = Fixtures.memory(); KeyValueStore target = Fixtures.memory()) {
      Fixtures.fill(source, 500, 2);
      Backups backups = Backups.open(dir.resolve("b"));
      Manifest m = backups.create(source, BackupOptions.full().withZstdLevel(0));
      assertThat(m.compressionLevel()).isZero();
      backups.restoreInto(m.id(), target, RestoreOptions.defaults());
      assertSameContent(target, source);
    }
  }

  @Test
  void theManifestRecordsEngineFamiliesAndEveryFileWithItsHash() {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 10, 3);
      Manifest m = Backups.open(dir).create(source, BackupOptions.full());
      assertThat(m.id()).isEqualTo("000001");
      assertThat(m.sourceEngine()).isEqualTo("memory");
      assertThat(m.columnFamilies()).extracting(Manifest.ColumnFamilyEntry::name)
          .containsExactly("default", "blocks", "state bytes/é");
      assertThat(m.files()).hasSize(6);
      assertThat(m.columnFamilies().get(0).stateCount()).isEqualTo(12);
      assertThat(Backups.open(dir).manifest("000001")).isEqualTo(m);
    }
  }

  @Test
  void listShowsBackupsOldestFirstAndTheirIdsIncrease() {
    try (KeyValueStore source = Fixtures.memory()) {
      Backups backups = Backups.open(dir);
      backups.create(source, BackupOptions.full());
      source.put(source.defaultColumnFamily(), Fixtures.b("k"), Fixtures.b("v"));
      backups.create(source, BackupOptions.full());
      assertThat(backups.list()).extracting(Manifest::id).containsExactly("000001", "000002");
    }
  }

  @Test
  void aBackupTakenWhileWritersRunHoldsExactlyOneSnapshotWithNoTornBatch() throws Exception {
    try (KeyValueStore source = Fixtures.memory(); KeyValueStore target = Fixtures.memory()) {
      Fixtures.fill(source, 2000, 4);
      var blocks = Fixtures.family(source, "blocks");
      Thread writer = new Thread(() -> {
        // Each batch writes a pair under one counter: a backup must hold both halves of a pair or neither.
        for (int i = 0; i < 20_000 && !Thread.currentThread().isInterrupted(); i++) {
          var batch = source.newBatch();
          batch.put(source.defaultColumnFamily(), Fixtures.b("pair-a-" + i), Fixtures.b("" + i));
          batch.put(blocks, Fixtures.b("pair-b-" + i), Fixtures.b("" + i));
          source.write(batch);
        }
      });
      writer.start();
      Backups backups = Backups.open(dir);
      List<Manifest> taken = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        taken.add(backups.create(source, BackupOptions.full()));
      }
      writer.join();
      backups.restoreInto(taken.get(1).id(), target, RestoreOptions.defaults());
      long a = target.count(target.defaultColumnFamily(), io.luxtensor.storage.KeyRange.prefix(Fixtures.b("pair-a-")));
      long b = target.count(target.columnFamily("blocks"), io.luxtensor.storage.KeyRange.prefix(Fixtures.b("pair-b-")));
      assertThat(a).isEqualTo(b);
      assertThat(backups.crossCheck(taken.get(1).id(), target)).isEmpty();
    }
  }

  @Test
  void crossCheckNamesTheFamilyThatDiffersFromTheLiveStore() {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 100, 5);
      Backups backups = Backups.open(dir);
      Manifest m = backups.create(source, BackupOptions.full());
      assertThat(backups.crossCheck(m.id(), source)).isEmpty();
      source.put(source.columnFamily("blocks"), Fixtures.b("new"), Fixtures.b("x"));
      assertThat(backups.crossCheck(m.id(), source)).singleElement().asString().startsWith("blocks:");
    }
  }

  @Test
  void restoreIntoANewDirectoryCreatesTheStoreThere() {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 200, 6);
      Backups backups = Backups.open(dir.resolve("b"));
      Manifest m = backups.create(source, BackupOptions.full());
      Path target = dir.resolve("restored");
      RestoreResult r = backups.restore(m.id(), Fixtures.config("rocksdb", target), RestoreOptions.defaults());
      assertThat(r.entries()).isEqualTo(602);
      try (KeyValueStore restored = Fixtures.open("rocksdb", target)) {
        assertSameContent(restored, source);
      }
      assertThat(Files.exists(target.resolveSibling(".restored.previous"))).isFalse();
    }
  }
}
