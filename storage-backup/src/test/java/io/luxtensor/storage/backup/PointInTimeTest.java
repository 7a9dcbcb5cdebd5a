package io.luxtensor.storage.backup;

import static io.luxtensor.storage.backup.Fixtures.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointInTimeTest {

  @TempDir
  Path dir;

  private Path store() {
    return dir.resolve("store");
  }

  private Path log() {
    return dir.resolve("changelog");
  }

  private static void batch(KeyValueStore store, int i) {
    WriteBatch batch = store.newBatch();
    batch.put(store.defaultColumnFamily(), b("batch-" + i), b("v" + i));
    batch.put(Fixtures.family(store, "blocks"), b("block-" + i), b("b" + i));
    batch.delete(store.defaultColumnFamily(), b("batch-" + (i - 2)));
    store.write(batch);
  }

  private Map<String, Map<String, String>> restoreTo(Backups backups, RecoveryPoint point, String name) {
    Path target = dir.resolve(name);
    backups.restoreToPoint(point, log(), Fixtures.config("rocksdb", target), RestoreOptions.defaults());
    try (KeyValueStore restored = Fixtures.open("rocksdb", target)) {
      return Fixtures.content(restored);
    }
  }

  @Test
  void aRestoreToASequenceOrTimeReplaysTheLogOverTheLastBackupBeforeIt() throws InterruptedException {
    Backups backups = Backups.open(dir.resolve("backups"));
    List<Map<String, Map<String, String>>> states = new ArrayList<>();
    List<Long> sequences = new ArrayList<>();
    Instant afterThird = null;
    try (LoggedStore store = LoggedStore.open(Fixtures.config("rocksdb", store()), log())) {
      Fixtures.fill(store, 300, 41);
      backups.create(store, BackupOptions.full());
      for (int i = 0; i < 6; i++) {
        batch(store, i);
        sequences.add(store.changeLog().lastSequence());
        states.add(Fixtures.content(store));
        if (i == 2) {
          Thread.sleep(5); // the next write gets a later millisecond than this point
          afterThird = Instant.now();
          Thread.sleep(5);
        }
        if (i == 3) {
          backups.create(store, BackupOptions.incrementalBackup());
        }
      }
    }
    assertThat(restoreTo(backups, RecoveryPoint.atSequence(sequences.get(1)), "t1")).isEqualTo(states.get(1));
    assertThat(restoreTo(backups, RecoveryPoint.atSequence(sequences.get(4)), "t4")).isEqualTo(states.get(4));
    assertThat(restoreTo(backups, RecoveryPoint.atTime(afterThird), "time")).isEqualTo(states.get(2));
    assertThat(restoreTo(backups, RecoveryPoint.latest(), "latest")).isEqualTo(states.get(5));
  }

  @Test
  void aTornLastRecordIsDroppedWhenTheStoreReopensAndEveryWholeRecordReplays() throws IOException {
    Backups backups = Backups.open(dir.resolve("backups"));
    Map<String, Map<String, String>> state;
    try (LoggedStore store = LoggedStore.open(Fixtures.config("rocksdb", store()), log())) {
      backups.create(store, BackupOptions.full());
      for (int i = 0; i < 5; i++) {
        batch(store, i);
      }
      state = Fixtures.content(store);
    }
    Path segment;
    try (var segments = Files.list(log())) {
      segment = segments.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    Files.write(segment, new byte[] {0, 0, 1, 0, 9, 9, 9, 9, 1, 2, 3}, StandardOpenOption.APPEND);
    try (LoggedStore store = LoggedStore.open(Fixtures.config("rocksdb", store()), log())) {
      assertThat(store.changeLog().lastSequence()).isEqualTo(5 + 1); // 5 batches and the family "blocks"
      batch(store, 5);
      state = Fixtures.content(store);
    }
    assertThat(restoreTo(backups, RecoveryPoint.latest(), "latest")).isEqualTo(state);
  }

  @Test
  void aDamagedLogRecordStopsTheRestoreNamingTheSegment() throws IOException {
    Backups backups = Backups.open(dir.resolve("backups"));
    try (LoggedStore store = LoggedStore.open(Fixtures.config("rocksdb", store()), log())) {
      backups.create(store, BackupOptions.full());
      for (int i = 0; i < 5; i++) {
        batch(store, i);
      }
    }
    Path segment;
    try (var segments = Files.list(log())) {
      segment = segments.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    VerifyTest.flip(segment, 40);
    Path target = dir.resolve("target");
    assertThatThrownBy(() -> backups.restoreToPoint(RecoveryPoint.latest(), log(), Fixtures.config("rocksdb", target),
        RestoreOptions.defaults())).isInstanceOf(BackupCorruptedException.class).hasMessageContaining(segment.toString());
    assertThat(target).doesNotExist();
  }

  @Test
  void withoutABackupOfTheLogBeforeThePointThereIsNothingToStartFrom() {
    Backups backups = Backups.open(dir.resolve("backups"));
    try (LoggedStore store = LoggedStore.open(Fixtures.config("rocksdb", store()), log())) {
      batch(store, 0);
      backups.create(store, BackupOptions.full());
    }
    assertThatThrownBy(() -> backups.restoreToPoint(RecoveryPoint.atSequence(1), log(),
        Fixtures.config("rocksdb", dir.resolve("t")), RestoreOptions.defaults()))
        .isInstanceOf(BackupNotFoundException.class).hasMessageContaining("at or before sequence 1");
  }

  @Test
  void segmentsRollAndThoseBeforeTheOldestBackupArePrunedWithoutLosingRecovery() throws IOException {
    Backups backups = Backups.open(dir.resolve("backups"));
    Map<String, Map<String, String>> state;
    try (LoggedStore store = LoggedStore.open(Fixtures.config("rocksdb", store()), log(), 512)) {
      for (int i = 0; i < 40; i++) {
        batch(store, i);
      }
      backups.create(store, BackupOptions.full());
      for (int i = 40; i < 60; i++) {
        batch(store, i);
      }
      state = Fixtures.content(store);
      long before;
      try (var s = Files.list(log())) {
        before = s.filter(p -> p.toString().endsWith(".seg")).count();
      }
      assertThat(backups.pruneChangeLog(store.changeLog())).isPositive().isLessThan((int) before);
    }
    assertThat(restoreTo(backups, RecoveryPoint.latest(), "latest")).isEqualTo(state);
  }

  @Test
  void aMissingMiddleSegmentIsNamedAsAGapInsteadOfReplayingPastIt() throws IOException {
    Backups backups = Backups.open(dir.resolve("backups"));
    try (LoggedStore store = LoggedStore.open(Fixtures.config("rocksdb", store()), log(), 256)) {
      backups.create(store, BackupOptions.full());
      for (int i = 0; i < 30; i++) {
        batch(store, i);
      }
    }
    List<Path> segments;
    try (var s = Files.list(log())) {
      segments = s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
    assertThat(segments.size()).isGreaterThan(3);
    Files.delete(segments.get(2));
    Path target = dir.resolve("target");
    assertThatThrownBy(() -> backups.restoreToPoint(RecoveryPoint.latest(), log(), Fixtures.config("rocksdb", target),
        RestoreOptions.defaults())).isInstanceOf(BackupCorruptedException.class).hasMessageContaining("a segment is missing");
    assertThat(target).doesNotExist();
  }
}
