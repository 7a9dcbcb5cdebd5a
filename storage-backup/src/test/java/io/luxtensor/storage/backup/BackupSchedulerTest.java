package io.luxtensor.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StoreClosedException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupSchedulerTest {

  @TempDir
  Path dir;

  private BackupConfig config(Duration interval, int max) {
    return new BackupConfig(dir, interval, max, true, 3, null);
  }

  @Test
  void runsRecordTheLastSuccessAndRetentionKeepsChainsBounded() {
    try (KeyValueStore store = Fixtures.memory();
        BackupScheduler scheduler = BackupScheduler.start(store, config(Duration.ofHours(1), 2))) {
      for (int i = 0; i < 5; i++) {
        store.put(store.defaultColumnFamily(), Fixtures.b("k" + i), Fixtures.b("v"));
        BackupScheduler.await(scheduler.runNow());
      }
      BackupScheduler.Status status = scheduler.status();
      assertThat(status.successes()).isEqualTo(5);
      assertThat(status.lastBackupId()).isEqualTo("000005");
      assertThat(status.lastFailure()).isNull();
      // chains of at most 2: 1+2, 3+4, 5; keeping 2 keeps 4 and 5 and 4's parent 3
      assertThat(scheduler.backups().list()).extracting(Manifest::id).containsExactly("000003", "000004", "000005");
      assertThat(scheduler.backups().manifest("000005").isIncremental()).isFalse();
    }
  }

  @Test
  void aFailedRunIsRecordedAndLeavesNothingListed() {
    KeyValueStore store = Fixtures.memory();
    store.close();
    try (BackupScheduler scheduler = BackupScheduler.start(store, config(Duration.ofHours(1), 2))) {
      assertThatThrownBy(() -> BackupScheduler.await(scheduler.runNow())).isInstanceOf(StoreClosedException.class);
      assertThat(scheduler.status().failures()).isEqualTo(1);
      assertThat(scheduler.status().lastFailureMessage()).isNotBlank();
      assertThat(scheduler.backups().list()).isEmpty();
    }
  }

  @Test
  void theScheduleTakesBackupsByItself() throws InterruptedException {
    try (KeyValueStore store = Fixtures.memory();
        BackupScheduler scheduler = BackupScheduler.start(store, config(Duration.ofMillis(20), 3))) {
      // Waits for the schedule, bounded: the assertion is on what happened, not on how fast.
      for (int i = 0; i < 3000 && scheduler.status().successes() < 2; i++) {
        Thread.sleep(10);
      }
      assertThat(scheduler.status().successes()).isGreaterThanOrEqualTo(2);
    }
  }
}
