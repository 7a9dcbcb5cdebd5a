package io.luxtensor.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input is its own exception, saying what to do, and nothing is half restored. */
class BadInputTest {

  @TempDir
  Path dir;
  private Backups backups;
  private Path target;

  @BeforeEach
  void backUp() {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 500, 12);
      backups = Backups.open(dir.resolve("backups"));
      backups.create(source, BackupOptions.full());
    }
    target = dir.resolve("target");
  }

  private Path manifest() {
    return dir.resolve("backups/000001/manifest");
  }

  private void assertNothingRestored() throws IOException {
    assertThat(target).doesNotExist();
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("backups");
    }
  }

  @Test
  void aBackupOfANewerFormatVersionAsksForANewerRelease() throws IOException {
    String text = Files.readString(manifest(), StandardCharsets.UTF_8);
    Files.writeString(manifest(), text.replaceFirst("luxtensor-backup-manifest 1", "luxtensor-backup-manifest 2"));
    assertThatThrownBy(() -> backups.restore("000001", Fixtures.config("rocksdb", target), RestoreOptions.defaults()))
        .isInstanceOf(UnsupportedBackupFormatException.class).isInstanceOf(StorageException.class)
        .hasMessageContaining("version 2").hasMessageContaining("newer LuxTensor Storage release");
    assertNothingRestored();
  }

  @Test
  void aManifestThatDoesNotParseNamesTheManifest() throws IOException {
    Files.writeString(manifest(), "{\"this\": \"is json\"}\n");
    assertThatThrownBy(() -> backups.restore("000001", Fixtures.config("rocksdb", target), RestoreOptions.defaults()))
        .isInstanceOf(ManifestFormatException.class).hasMessageContaining("000001").hasMessageContaining("does not parse")
        .hasMessageContaining("restore an older backup");
    assertNothingRestored();
  }

  @Test
  void aManifestWithAnUnknownFieldDoesNotParse() throws IOException {
    String text = Files.readString(manifest(), StandardCharsets.UTF_8);
    String body = text.substring(0, text.indexOf("manifest-sha256=")) + "surprise=1\n";
    String sum = java.util.HexFormat.of().formatHex(Hashing.sha256(body.getBytes(StandardCharsets.UTF_8)));
    Files.writeString(manifest(), body + "manifest-sha256=" + sum + "\n");
    assertThatThrownBy(() -> backups.manifest("000001")).isInstanceOf(ManifestFormatException.class)
        .hasMessageContaining("unknown field \"surprise\"");
  }

  @Test
  void aChunkWhoseChecksumFailsStopsTheRestoreAndLeavesNoTarget() throws IOException {
    VerifyTest.flip(dir.resolve("backups/000001/cf-0002.dat"), 8 + 13 + 50);
    assertThatThrownBy(() -> backups.restore("000001", Fixtures.config("rocksdb", target), RestoreOptions.defaults()))
        .isInstanceOf(BackupCorruptedException.class).hasMessageContaining("cf-0002.dat chunk 0")
        .hasMessageContaining("CRC-32C").hasMessageContaining("restore an older backup");
    assertNothingRestored();
  }

  @Test
  void aRestoreIntoANonEmptyDirectoryIsRefusedAndTheDirectoryKept() throws IOException {
    Files.createDirectories(target);
    Files.writeString(target.resolve("precious.txt"), "keep me");
    assertThatThrownBy(() -> backups.restore("000001", Fixtures.config("rocksdb", target), RestoreOptions.defaults()))
        .isInstanceOf(RestoreTargetNotEmptyException.class).hasMessageContaining("not empty")
        .hasMessageContaining("replace");
    assertThat(Files.readString(target.resolve("precious.txt"))).isEqualTo("keep me");
    try (var children = Files.list(target)) {
      assertThat(children).hasSize(1);
    }
  }

  @Test
  void aRestoreIntoAStoreWithEntriesIsRefused() {
    try (KeyValueStore store = Fixtures.memory()) {
      store.put(store.defaultColumnFamily(), Fixtures.b("k"), Fixtures.b("v"));
      assertThatThrownBy(() -> backups.restoreInto("000001", store, RestoreOptions.defaults()))
          .isInstanceOf(RestoreTargetNotEmptyException.class);
      assertThat(store.count(store.defaultColumnFamily(), io.luxtensor.storage.KeyRange.all())).isEqualTo(1);
    }
  }

  @Test
  void anUnknownBackupIdIsNotFound() {
    assertThatThrownBy(() -> backups.restore("000009", Fixtures.config("rocksdb", target), RestoreOptions.defaults()))
        .isInstanceOf(BackupNotFoundException.class).hasMessageContaining("list the backups");
  }

  @Test
  void anIncrementalWhoseParentIsGoneIsNotFoundNamingTheParent() throws IOException {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 10, 13);
      backups.create(source, BackupOptions.incrementalBackup());
    }
    Backups.deleteTree(dir.resolve("backups/000001"));
    assertThatThrownBy(() -> backups.restore("000002", Fixtures.config("rocksdb", target), RestoreOptions.defaults()))
        .isInstanceOf(BackupNotFoundException.class).hasMessageContaining("needs backup 000001");
    assertNothingRestored();
  }
}
