package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.backup.BackupKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --passphrase-file} on the backup commands, and {@code backup rekey}. */
class BackupKeysTest {

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

  private String file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8).toString();
  }

  private String keyFile(String name) {
    Path file = dir.resolve(name);
    BackupKey.createKeyFile(file);
    return file.toString();
  }

  private Cli.Run restore(String to, String... keyOptions) {
    String[] args = Stream.concat(Stream.of("backup", "restore", "--dir", backups(), "--to", dir.resolve(to).toString(),
        "--engine", "mapdb"), Stream.of(keyOptions)).toArray(String[]::new);
    return Cli.run(args);
  }

  /** The bytes of every file inside a backup, by path, to tell what a command rewrote. */
  private Map<String, byte[]> files() throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    Path root = Path.of(backups());
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        Path relative = root.relativize(p);
        if (relative.getNameCount() > 1 && !relative.toString().startsWith(".")) {
          out.put(relative.toString(), Files.readAllBytes(p));
        }
      }
    }
    return out;
  }

  @Test
  void aPassphraseEncryptedBackupRestoresWithItsPassphrase() throws IOException {
    String store = store("secret");
    Cli.Run create = Cli.run("backup", "create", "--path", store, "--dir", backups(), "--passphrase-file",
        file("pass", "correct horse battery staple\n"));
    assertThat(create.code()).as(create.err()).isZero();
    assertThat(Cli.run("backup", "list", "--dir", backups()).out()).containsPattern("000001 .* yes ");
    // The same passphrase without the trailing line ending an editor or echo adds.
    Cli.Run restore = restore("restored", "--passphrase-file", file("same", "correct horse battery staple"));
    assertThat(restore.code()).as(restore.err()).isZero();
    assertThat(Cli.run("get", "--path", dir.resolve("restored").toString(), "secret").out()).isEqualTo("v-secret\n");
  }

  @Test
  void aWrongOrMissingPassphraseIsExitSevenAndRestoresNothing() throws IOException {
    String store = store("secret");
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--passphrase-file",
        file("pass", "right")).code()).isZero();
    Cli.Run wrong = restore("r1", "--passphrase-file", file("other", "wrong"));
    assertThat(wrong.code()).isEqualTo(ExitCode.WRONG_KEY);
    assertThat(wrong.err().lines()).hasSize(1);
    assertThat(dir.resolve("r1")).doesNotExist();
    assertThat(restore("r2", "--key-file", keyFile("key")).code()).isEqualTo(ExitCode.WRONG_KEY);
    assertThat(restore("r3").code()).isEqualTo(ExitCode.WRONG_KEY);
    assertThat(Cli.run("backup", "verify", "--dir", backups(), "--id", "000001", "--passphrase-file",
        dir.resolve("other").toString()).code()).isEqualTo(ExitCode.WRONG_KEY);
  }

  @Test
  void aPassphraseFileEndingInCrLfHoldsThePassphraseWithoutIt() throws IOException {
    String store = store("a");
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--passphrase-file", file("crlf", "pw\r\n"))
        .code()).isZero();
    Cli.Run verify = Cli.run("backup", "verify", "--dir", backups(), "--id", "000001", "--passphrase-file", file("bare", "pw"));
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out()).startsWith("sound: 1 backup(s) checked (000001)\n");
  }

  @Test
  void aPassphraseIsNeverAnArgumentAndItsFileMustHoldOne() throws IOException {
    String store = store("a");
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--passphrase", "x").code())
        .isEqualTo(ExitCode.USAGE);
    Cli.Run empty = Cli.run("backup", "create", "--path", store, "--dir", backups(), "--passphrase-file", file("empty", "\n"));
    assertThat(empty.code()).isEqualTo(ExitCode.USAGE);
    assertThat(empty.err()).contains("is empty");
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--passphrase-file",
        dir.resolve("missing").toString()).code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--passphrase-file", file("p", "p"),
        "--key-file", keyFile("key")).code()).isEqualTo(ExitCode.USAGE);
    Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
    Cli.Run notText = Cli.run("backup", "create", "--path", store, "--dir", backups(), "--passphrase-file", binary.toString());
    assertThat(notText.code()).isEqualTo(ExitCode.USAGE);
    assertThat(notText.err()).contains("is not UTF-8 text");
    assertThat(Path.of(backups()).resolve("000001")).doesNotExist();
  }

  @Test
  void rekeyMovesEveryBackupToTheNewSecretRewritingOnlyManifests() throws IOException {
    String store = store("a", "b");
    String oldKey = keyFile("old");
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--key-file", oldKey).code()).isZero();
    assertThat(Cli.run("put", "--path", store, "c", "3").code()).isZero();
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--key-file", oldKey, "--incremental")
        .code()).isZero();
    Map<String, byte[]> before = files();

    String passphrase = file("new", "a new passphrase");
    Cli.Run rekey = Cli.run("backup", "rekey", "--dir", backups(), "--key-file", oldKey, "--new-passphrase-file", passphrase);
    assertThat(rekey.code()).as(rekey.err()).isZero();
    assertThat(rekey.out()).isEqualTo("rekeyed 2 backup(s) (000001 000002)\n");

    Map<String, byte[]> after = files();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, bytes) -> {
      if (name.endsWith("manifest")) {
        assertThat(after.get(name)).as(name).isNotEqualTo(bytes);
      } else {
        assertThat(after.get(name)).as(name).isEqualTo(bytes);
      }
    });
    assertThat(restore("with-old", "--key-file", oldKey).code()).isEqualTo(ExitCode.WRONG_KEY);
    Cli.Run restored = restore("with-new", "--passphrase-file", passphrase);
    assertThat(restored.code()).as(restored.err()).isZero();
    assertThat(Cli.run("get", "--path", dir.resolve("with-new").toString(), "c").out()).isEqualTo("3\n");
  }

  @Test
  void rekeyWithAWrongCurrentKeyIsExitSevenAndChangesNothing() throws IOException {
    String store = store("a");
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--passphrase-file", file("pass", "right"))
        .code()).isZero();
    Map<String, byte[]> before = files();
    Cli.Run rekey = Cli.run("backup", "rekey", "--dir", backups(), "--passphrase-file", file("wrong", "wrong"),
        "--new-key-file", keyFile("new"));
    assertThat(rekey.code()).isEqualTo(ExitCode.WRONG_KEY);
    assertThat(rekey.err().lines()).hasSize(1);
    Map<String, byte[]> after = files();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void rekeyNeedsTheCurrentKeyExactlyOneNewOneAndABackupDirectory() throws IOException {
    String store = store("a");
    String key = keyFile("key");
    assertThat(Cli.run("backup", "create", "--path", store, "--dir", backups(), "--key-file", key).code()).isZero();
    assertThat(Cli.run("backup", "rekey", "--dir", backups(), "--new-key-file", keyFile("new")).code())
        .isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("backup", "rekey", "--dir", backups(), "--key-file", key).code()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("backup", "rekey", "--dir", backups(), "--key-file", key, "--new-key-file", key,
        "--new-passphrase-file", file("p", "p")).code()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("backup", "rekey", "--dir", dir.resolve("none").toString(), "--key-file", key, "--new-key-file", key)
        .code()).isEqualTo(ExitCode.NOT_FOUND);
  }
}
