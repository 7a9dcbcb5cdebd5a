package io.luxtensor.storage.backup;

import static io.luxtensor.storage.backup.Fixtures.assertSameContent;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** A restore into another engine is a migration: the same entries, whatever engine wrote them. */
class MigrationTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"rocksdb, lmdb", "mapdb, rocksdb", "memory, rocksdb"})
  void aBackupOfOneEngineRestoresIntoAnotherWithTheSameEntries(String from, String to) {
    Path sourcePath = from.equals("memory") ? null : dir.resolve("source");
    try (KeyValueStore source = io.luxtensor.storage.StorageEngines.open(Fixtures.config(from, sourcePath))) {
      Fixtures.fill(source, 2000, 7);
      Backups backups = Backups.open(dir.resolve("backups"));
      Manifest m = backups.create(source, BackupOptions.full());
      assertThat(m.sourceEngine()).isEqualTo(from);
      Path target = dir.resolve("target");
      backups.restore(m.id(), Fixtures.config(to, target), RestoreOptions.defaults());
      try (KeyValueStore restored = Fixtures.open(to, target)) {
        assertThat(restored.engine().name()).isEqualTo(to);
        assertSameContent(restored, source);
        assertThat(backups.crossCheck(m.id(), restored)).isEmpty();
      }
    }
  }
}
