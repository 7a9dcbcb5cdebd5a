package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.backup.BackupKey;
import io.luxtensor.storage.backup.BackupProgress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {

  @TempDir
  Path dir;

  private String store(String... keys) {
    Path path = dir.resolve("store");
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(path).build())) {
      for (String key : keys) {
        kv.put(kv.defaultColumnFamily(), key.getBytes(StandardCharsets.UTF_8), ("v-" + key).getBytes(StandardCharsets.UTF_8));
      }
    }
    return path.toString();
  }

  private String backups() {
    return dir.resolve("backups").toString();
  }

  @Test
  void aFullAndAnIncrementalBackupRestoreIntoAnotherEngine() {
    String store = store("a", "b");
    Cli.Run full = Cli.run("backup", "create", "--path", store, "--dir", backups());
    assertThat(full.code()).as(full.err()).isZero();
    assertThat(full.out()).contains("backup 000001 (full)").contains("2 records");
    Cli.Run put = Cli.run("put", "--path", store, "c", "3");
    assertThat(put.code()).as(put.err()).isZero();
    Cli.Run incremental = Cli.run("backup", "create", "--path", store, "--dir", backups(), "--incremental", "--json");
    assertThat(incremental.out()).contains("\"id\":\"000002\",\"parent\":\"000001\"");

    Cli.Run list = Cli.run("backup", "list", "--dir", backups(), "--json");
    assertThat(list.out().lines()).hasSize(2);
    assertThat(Cli.run("backup", "verify", "--dir", backups()).out()).startsWith("sound: 2 backup(s) checked");

    Path restored = dir.resolve("restored");
    Cli.Run restore = Cli.run("backup", "restore", "--dir", backups(), "--to", restored.toString(), "--engine", "mapdb");
    assertThat(restore.code()).as(restore.err()).isZero();
    assertThat(restore.out()).contains("restored backup 000002");
    assertThat(Cli.run("get", "--path", restored.toString(), "c").out()).isEqualTo("3\n");
    assertThat(Cli.run("get", "--path", restored.toString(), "a").out()).isEqualTo("v-a\n");
  }

  @Test
  void anEncryptedBackupRestoresWithItsKeyAndAWrongKeyIsExitSeven() {
    String store = store("secret");
    Path key = dir.resolve("key");
    BackupKey.createKeyFile(key);
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--key-file", key.toString(),
        "--compression", "0").code()).isZero();
    assertThat(Cli.run("backup", "list", "--dir", backups()).out()).containsPattern("000001 .* yes +0 ");

    Path other = dir.resolve("other-key");
    BackupKey.createKeyFile(other);
    Cli.Run wrong = Cli.run("backup", "restore", "--dir", backups(), "--to", dir.resolve("r1").toString(), "--engine",
        "rocksdb", "--key-file", other.toString());
    assertThat(wrong.code()).isEqualTo(ExitCode.WRONG_KEY);
    assertThat(wrong.err().lines()).hasSize(1).first().asString().contains("key id");
    assertThat(dir.resolve("r1")).doesNotExist();
    Cli.Run none = Cli.run("backup", "restore", "--dir", backups(), "--to", dir.resolve("r2").toString(), "--engine",
        "rocksdb");
    assertThat(none.code()).isEqualTo(ExitCode.WRONG_KEY);
    assertThat(Cli.run("backup", "verify", "--dir", backups(), "--id", "000001", "--key-file", other.toString()).code())
        .isEqualTo(ExitCode.WRONG_KEY);

    Cli.Run right = Cli.run("backup", "restore", "--dir", backups(), "--id", "000001", "--to",
        dir.resolve("r3").toString(), "--engine", "lmdb", "--key-file", key.toString());
    assertThat(right.code()).as(right.err()).isZero();
    assertThat(Cli.run("get", "--path", dir.resolve("r3").toString(), "secret").out()).isEqualTo("v-secret\n");
  }

  @Test
  void aDamagedBackupFileFailsVerifyWithExitThree() throws Exception {
    assertThat(Cli.run("backup", "create", "--path", store("a", "b", "c"), "--dir", backups()).code()).isZero();
    Path data;
    try (Stream<Path> files = Files.list(dir.resolve("backups").resolve("000001"))) {
      data = files.filter(f -> !f.getFileName().toString().startsWith("manifest")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(data, bytes);
    Cli.Run run = Cli.run("backup", "verify", "--dir", backups(), "--id", "000001");
    assertThat(run.code()).isEqualTo(ExitCode.CORRUPTION);
    assertThat(run.out()).contains("DAMAGED  backup 000001").contains(data.getFileName().toString());
  }

  @Test
  void pruneKeepsTheNewestBackups() {
    String store = store("a");
    for (int i = 0; i < 3; i++) {
      assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups()).code()).isZero();
    }
    assertThat(Cli.run("backup", "prune", "--dir", backups(), "--keep", "1").out()).isEqualTo("deleted 2 backup(s): 000001 000002\n");
    assertThat(Cli.run("backup", "list", "--dir", backups()).out()).contains("000003").doesNotContain("000001");
  }

  @Test
  void badInputIsReportedByKind() {
    String store = store("a");
    assertThat(Cli.run("backup", "list", "--dir", dir.resolve("none").toString()).code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--compression", "23").code())
        .isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--key-file",
        dir.resolve("no-key").toString()).code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups()).code()).isZero();
    assertThat(Cli.run("backup", "prune", "--dir", backups(), "--keep", "0").code()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("backup", "verify", "--dir", backups(), "--id", "000009").code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(Cli.run("backup", "verify", "--dir", backups(), "--id", "latest").code()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("backup", "restore", "--dir", backups(), "--to", store, "--engine", "rocksdb").code())
        .isEqualTo(ExitCode.USAGE); // the target holds a store
    assertThat(Cli.run("backup", "restore", "--dir", backups(), "--to", dir.resolve("t").toString(), "--engine", "rockdb")
        .code()).isEqualTo(ExitCode.USAGE);
    Cli.Run bare = Cli.run("backup");
    assertThat(bare.code()).isEqualTo(ExitCode.USAGE);
    assertThat(bare.err()).contains("create, list, verify, restore, prune or rekey");
  }

  @Test
  void aKeyFileThatIsNotAKeyIsAUsageError() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk-key"), "not a key");
    assertThat(Cli.run("backup", "create", "--path", store("a"), "--dir", backups(), "--key-file", junk.toString()).code())
        .isEqualTo(ExitCode.USAGE);
  }

  @Test
  void theBarFollowsBackupProgressEventsInKibibytes() {
    try (Progress bar = Progress.visible("test", -1, "KiB")) {
      BackupBar events = new BackupBar(bar);
      events.onProgress(new BackupProgress.Event(BackupProgress.Operation.RESTORE, "000001", "default", 10, 4096, 8192));
      assertThat(bar.current()).isEqualTo(4);
      events.onProgress(new BackupProgress.Event(BackupProgress.Operation.RESTORE, "000001", "default", 20, 8192, 8192));
      assertThat(bar.current()).isEqualTo(8);
    }
  }
}
