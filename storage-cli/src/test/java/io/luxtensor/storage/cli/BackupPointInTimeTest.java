package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.backup.BackupKey;
import io.luxtensor.storage.backup.BackupOptions;
import io.luxtensor.storage.backup.Backups;
import io.luxtensor.storage.backup.LoggedStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup restore --log-dir} with {@code --to-sequence} and {@code --to-time}: a backup taken
 * from a {@link LoggedStore} (as an application does), writes after it, and restores to points
 * between them.
 */
class BackupPointInTimeTest {

  @TempDir
  Path dir;

  /** Change-log sequence after "b", after "c", and a time between "b" and "c". */
  long afterB;
  long afterC;
  Instant betweenBAndC;
  Path key;

  @BeforeEach
  void backupThenTwoMoreWrites() throws InterruptedException {
    key = dir.resolve("key");
    BackupKey backupKey = BackupKey.createKeyFile(key);
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir.resolve("store")).build();
    try (LoggedStore store = LoggedStore.open(config, dir.resolve("log"))) {
      put(store, "a");
      Backups.open(dir.resolve("backups")).create(store, BackupOptions.full().withKey(backupKey));
      put(store, "b");
      afterB = store.changeLog().lastSequence();
      Thread.sleep(20);
      betweenBAndC = Instant.now();
      Thread.sleep(20);
      put(store, "c");
      afterC = store.changeLog().lastSequence();
      store.changeLog().sync();
    }
  }

  private static void put(LoggedStore store, String key) {
    store.put(store.defaultColumnFamily(), key.getBytes(StandardCharsets.UTF_8), ("v-" + key).getBytes(StandardCharsets.UTF_8));
  }

  private Cli.Run restore(String to, String... point) {
    String[] head = {"backup", "restore", "--dir", dir.resolve("backups").toString(), "--to", dir.resolve(to).toString(),
        "--engine", "mapdb", "--key-file", key.toString(), "--log-dir", dir.resolve("log").toString()};
    String[] args = new String[head.length + point.length];
    System.arraycopy(head, 0, args, 0, head.length);
    System.arraycopy(point, 0, args, head.length, point.length);
    return Cli.run(args);
  }

  private int get(String store, String key) {
    return Cli.run("get", "--path", dir.resolve(store).toString(), key).code();
  }

  @Test
  void toASequenceReplaysTheLogUpToIt() {
    Cli.Run run = restore("at-b", "--to-sequence", Long.toString(afterB), "--json");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("\"id\":\"000001\"").contains("\"sequence\":" + afterB);
    assertThat(get("at-b", "a")).isZero();
    assertThat(get("at-b", "b")).isZero();
    assertThat(get("at-b", "c")).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void toATimeReplaysTheWritesCommittedByThen() {
    Cli.Run run = restore("at-time", "--to-time", betweenBAndC.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("the store is at sequence " + afterB);
    assertThat(get("at-time", "b")).isZero();
    assertThat(get("at-time", "c")).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void withoutAPointTheWholeLogIsReplayed() {
    Cli.Run run = restore("latest");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("the store is at sequence " + afterC);
    assertThat(get("latest", "c")).isZero();
  }

  @Test
  void aWrongKeyIsExitSevenAndRestoresNothing() {
    Path other = dir.resolve("other");
    BackupKey.createKeyFile(other);
    Cli.Run run = Cli.run("backup", "restore", "--dir", dir.resolve("backups").toString(), "--to",
        dir.resolve("wrong").toString(), "--engine", "mapdb", "--key-file", other.toString(), "--log-dir",
        dir.resolve("log").toString(), "--to-sequence", Long.toString(afterB));
    assertThat(run.code()).isEqualTo(ExitCode.WRONG_KEY);
    assertThat(dir.resolve("wrong")).doesNotExist();
  }

  @Test
  void aPointBeforeTheOldestBackupIsNotFound() {
    Cli.Run run = restore("too-early", "--to-time", "2000-01-01T00:00:00Z");
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("no backup");
  }

  @Test
  void pointOptionsThatDoNotFitAreUsageErrors() {
    String backups = dir.resolve("backups").toString();
    String to = dir.resolve("x").toString();
    assertThat(Cli.run("backup", "restore", "--dir", backups, "--to", to, "--engine", "mapdb", "--to-sequence", "1")
        .code()).isEqualTo(ExitCode.USAGE);
    assertThat(restore("x", "--to-time", "yesterday").code()).isEqualTo(ExitCode.USAGE);
    assertThat(restore("x", "--to-time", "2026-12-02T16:04:05+01:00", "--to-sequence", "1").code())
        .isEqualTo(ExitCode.USAGE);
    assertThat(restore("x", "--to-sequence", "-1").code()).isEqualTo(ExitCode.USAGE);
    assertThat(restore("x", "--id", "000001").code()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("backup", "restore", "--dir", backups, "--to", to, "--engine", "mapdb", "--log-dir",
        dir.resolve("no-log").toString()).code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(dir.resolve("x")).doesNotExist();
  }
}
