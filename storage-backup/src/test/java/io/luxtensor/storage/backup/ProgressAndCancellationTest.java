package io.luxtensor.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.KeyValueStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressAndCancellationTest {

  @TempDir
  Path dir;

  private static List<String> children(Path p) throws IOException {
    try (var s = Files.list(p)) {
      return s.map(c -> c.getFileName().toString()).filter(n -> !n.equals(".lock")).toList();
    }
  }

  @Test
  void aBackupReportsGrowingProgressAndEndsWithItsTotal() {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 5000, 51);
      List<BackupProgress.Event> events = new ArrayList<>();
      Manifest m = Backups.open(dir).create(source, BackupOptions.full().withProgress(events::add));
      assertThat(events).hasSizeGreaterThan(2);
      assertThat(events).extracting(BackupProgress.Event::entries).isSorted();
      BackupProgress.Event last = events.get(events.size() - 1);
      assertThat(last.entries()).isEqualTo(15_002);
      assertThat(last.bytes()).isEqualTo(m.files().values().stream().mapToLong(Manifest.FileEntry::size).sum());
    }
  }

  @Test
  void aCancelledBackupLeavesNothingListedAndNoScratch() throws IOException {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 5000, 52);
      Cancellation cancel = new Cancellation();
      Backups backups = Backups.open(dir);
      assertThatThrownBy(() -> backups.create(source, BackupOptions.full().withCancellation(cancel)
          .withProgress(e -> cancel.cancel()))).isInstanceOf(BackupCancelledException.class);
      assertThat(backups.list()).isEmpty();
      assertThat(children(dir)).isEmpty();
    }
  }

  @Test
  void aCancelledRestoreLeavesNoTargetAndReportsKnownTotals() throws IOException {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 5000, 53);
      Backups backups = Backups.open(dir.resolve("b"));
      Manifest m = backups.create(source, BackupOptions.full());
      Cancellation cancel = new Cancellation();
      List<BackupProgress.Event> events = new ArrayList<>();
      Path target = dir.resolve("target");
      assertThatThrownBy(() -> backups.restore(m.id(), Fixtures.config("rocksdb", target), RestoreOptions.defaults()
          .withCancellation(cancel).withProgress(e -> {
            events.add(e);
            cancel.cancel();
          }))).isInstanceOf(BackupCancelledException.class);
      assertThat(children(dir)).containsExactly("b");
      assertThat(events.get(0).totalBytes()).isPositive();
    }
  }

  @Test
  void aCancelledRestoreOrBackupLeavesNoThreadBehind() {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 20_000, 54);
      Backups backups = Backups.open(dir.resolve("b"));
      Cancellation cancelBackup = new Cancellation();
      assertThatThrownBy(() -> backups.create(source, BackupOptions.full().withCancellation(cancelBackup)
          .withProgress(e -> cancelBackup.cancel()))).isInstanceOf(BackupCancelledException.class);
      Manifest m = backups.create(source, BackupOptions.full());
      Cancellation cancelRestore = new Cancellation();
      assertThatThrownBy(() -> backups.restore(m.id(), Fixtures.config("rocksdb", dir.resolve("target")),
          RestoreOptions.defaults().withCancellation(cancelRestore).withProgress(e -> cancelRestore.cancel())))
          .isInstanceOf(BackupCancelledException.class);
      assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
          .noneMatch(n -> n.startsWith("backup ") || n.startsWith("restore "));
    }
  }

  @Test
  void aBackupScratchLeftByAKilledProcessIsNeverListedAndIsRemovedByTheNextBackup() throws IOException {
    try (KeyValueStore source = Fixtures.memory()) {
      Backups backups = Backups.open(dir);
      Files.createDirectories(dir.resolve(".tmp-000001-killed"));
      Files.writeString(dir.resolve(".tmp-000001-killed/cf-0000.dat"), "half");
      assertThat(backups.list()).isEmpty();
      backups.create(source, BackupOptions.full());
      assertThat(children(dir)).containsExactly("000001");
    }
  }
}
