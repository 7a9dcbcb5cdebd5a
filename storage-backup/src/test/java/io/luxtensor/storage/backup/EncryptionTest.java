package io.luxtensor.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.KeyValueStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionTest {

  @TempDir
  Path dir;
  private Backups backups;
  private BackupKey key;
  private Map<String, Map<String, String>> expected;

  @BeforeEach
  void backUp() {
    backups = Backups.open(dir.resolve("b"));
    key = BackupKey.createKeyFile(dir.resolve("backup.key"));
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 500, 31);
      source.put(source.defaultColumnFamily(), Fixtures.b("secret"), Fixtures.b("PLAINTEXT-MARKER-PLAINTEXT-MARKER"));
      backups.create(source, BackupOptions.full().withZstdLevel(0).withKey(key));
      expected = Fixtures.content(source);
    }
  }

  private Map<String, Map<String, String>> restoreWith(String id, BackupKey k) {
    try (KeyValueStore target = Fixtures.memory()) {
      backups.restoreInto(id, target, RestoreOptions.defaults().withKey(k));
      return Fixtures.content(target);
    }
  }

  @Test
  void anEncryptedBackupHidesItsDataAndRestoresWithItsKeyFile() throws IOException {
    Manifest m = backups.manifest("000001");
    assertThat(m.encryption().kdf()).isEqualTo("key-file");
    assertThat(m.encryption().keyId()).hasSize(16);
    byte[] data = Files.readAllBytes(dir.resolve("b/000001/cf-0000.dat"));
    assertThat(new String(data, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("PLAINTEXT-MARKER");
    assertThat(restoreWith("000001", BackupKey.fromKeyFile(dir.resolve("backup.key")))).isEqualTo(expected);
  }

  @Test
  void aWrongKeyIsNamedByKeyIdAndRestoresNothing() {
    BackupKey wrong = BackupKey.createKeyFile(dir.resolve("other.key"));
    Path target = dir.resolve("target");
    assertThatThrownBy(() -> backups.restore("000001", Fixtures.config("rocksdb", target),
        RestoreOptions.defaults().withKey(wrong)))
        .isInstanceOf(WrongBackupKeyException.class)
        .hasMessageContaining(backups.manifest("000001").encryption().keyId())
        .hasMessageContaining("nothing was restored");
    assertThat(target).doesNotExist();
  }

  @Test
  void noKeyForAnEncryptedBackupAsksForIt() {
    assertThatThrownBy(() -> restoreWith("000001", null)).isInstanceOf(WrongBackupKeyException.class)
        .hasMessageContaining("give its key file or passphrase");
  }

  @Test
  void aPassphraseBackupRestoresWithThePassphraseAndRefusesAnother() {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 100, 32);
      Manifest m = backups.create(source, BackupOptions.full().withKey(BackupKey.fromPassphrase("correct horse".toCharArray())));
      assertThat(m.encryption().kdf()).isEqualTo("argon2id");
      assertThat(m.encryption().salt()).hasSize(32);
      assertThat(restoreWith(m.id(), BackupKey.fromPassphrase("correct horse".toCharArray())))
          .isEqualTo(Fixtures.content(source));
      assertThatThrownBy(() -> restoreWith(m.id(), BackupKey.fromPassphrase("battery staple".toCharArray())))
          .isInstanceOf(WrongBackupKeyException.class).hasMessageContaining("key id");
      assertThatThrownBy(() -> restoreWith(m.id(), key)).isInstanceOf(WrongBackupKeyException.class)
          .hasMessageContaining("passphrase");
    }
  }

  @Test
  void rekeyRewrapsTheDataKeyWithoutTouchingTheDataFiles() throws IOException {
    Map<String, byte[]> before = files("000001");
    BackupKey replacement = BackupKey.fromPassphrase("new passphrase".toCharArray());
    assertThat(backups.rekey(key, replacement)).containsExactly("000001");
    Map<String, byte[]> after = files("000001");
    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (String name : before.keySet()) {
      if (!name.equals("manifest")) {
        assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
      }
    }
    assertThat(after.get("manifest")).isNotEqualTo(before.get("manifest"));
    assertThat(restoreWith("000001", replacement)).isEqualTo(expected);
    assertThatThrownBy(() -> restoreWith("000001", key)).isInstanceOf(WrongBackupKeyException.class);
  }

  @Test
  void rekeyWithAWrongCurrentKeyChangesNothing() throws IOException {
    Map<String, byte[]> before = files("000001");
    BackupKey wrong = BackupKey.createKeyFile(dir.resolve("other.key"));
    assertThatThrownBy(() -> backups.rekey(wrong, wrong)).isInstanceOf(WrongBackupKeyException.class);
    assertThat(files("000001").get("manifest")).isEqualTo(before.get("manifest"));
  }

  @Test
  void verifyWithoutTheKeyChecksChecksumsAndWithItDecryptsEveryChunk() throws IOException {
    VerifyReport noKey = backups.verify("000001", null);
    assertThat(noKey.isSound()).isTrue();
    assertThat(noKey.decrypted()).isFalse();
    VerifyReport withKey = backups.verify("000001", key);
    assertThat(withKey.isSound()).isTrue();
    assertThat(withKey.decrypted()).isTrue();
    VerifyTest.flip(dir.resolve("b/000001/cf-0001.dat"), 8 + 13 + 20);
    assertThat(backups.verify("000001", null).problems()).extracting(VerifyReport.Problem::file)
        .containsExactly("cf-0001.dat");
  }

  @Test
  void aChunkMovedToAnotherFileFailsAuthenticationEvenWithAGoodChecksum() throws IOException {
    // Same-size files: the key indexes of two families with the same number of keys.
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 100, 33);
      Manifest m = backups.create(source, BackupOptions.full().withZstdLevel(0).withKey(key));
      Path a = dir.resolve("b/" + m.id() + "/cf-0001.dat");
      Path b = dir.resolve("b/" + m.id() + "/cf-0002.dat");
      Files.copy(a, b, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertThatThrownBy(() -> restoreWith(m.id(), key)).isInstanceOf(BackupCorruptedException.class);
    }
  }

  @Test
  void anEncryptedIncrementalChainRestoresWithOneKey() {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 200, 34);
      backups.create(source, BackupOptions.full().withKey(key));
      source.put(source.defaultColumnFamily(), Fixtures.b("more"), Fixtures.b("data"));
      Manifest inc = backups.create(source, BackupOptions.incrementalBackup().withKey(key));
      assertThat(inc.isEncrypted()).isTrue();
      assertThat(restoreWith(inc.id(), key)).isEqualTo(Fixtures.content(source));
    }
  }

  private Map<String, byte[]> files(String id) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (var list = Files.list(dir.resolve("b").resolve(id))) {
      for (Path p : list.toList()) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
