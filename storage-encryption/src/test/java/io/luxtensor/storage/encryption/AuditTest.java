package io.luxtensor.storage.encryption;

import static io.luxtensor.storage.encryption.Stores.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.NativeBackups;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log records administrative operations and chosen writes, one line each, never keys or values. */
class AuditTest {

  private static final String KEY = "secret-key-material";
  private static final String VALUE = "secret-value-material";

  @TempDir
  Path tmp;

  private List<String> events(Path log) throws Exception {
    return Files.readAllLines(log).stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
  }

  @Test
  void administrativeOperationsAndChosenWritesAreRecordedWithoutKeysOrValues() throws Exception {
    Path dir = tmp.resolve("store");
    Path log = tmp.resolve("logs").resolve("audit.log");
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).option("audit.file", log.toString())
        .option("audit.writes", "blocks").build())) {
      ColumnFamily blocks = store.createColumnFamily("blocks");
      store.put(blocks, bytes(KEY), bytes(VALUE));
      store.put(store.defaultColumnFamily(), bytes(KEY), bytes(VALUE));
      store.write(store.newBatch().put(blocks, bytes(KEY + "2"), bytes(VALUE)).delete(blocks, bytes(KEY))
          .put(store.defaultColumnFamily(), bytes("x"), bytes("y")));
      store.delete(blocks, bytes(KEY + "2"));
      try (Transaction transaction = store.beginTransaction()) {
        transaction.put(blocks, bytes(KEY), bytes(VALUE));
        transaction.commit();
      }
      store.checkpoint(tmp.resolve("checkpoint"));
      try (NativeBackups backups = store.nativeBackups(tmp.resolve("backups"))) {
        backups.create();
      }
      EncryptedStores.rotate(store);
      EncryptedStores.control(store).awaitRotation(java.time.Duration.ofMinutes(2));
      EncryptedStores.rewrap(store, KeySource.keyFile(TestKeys.keyFile(2)));
      ColumnFamily scratch = store.createColumnFamily("scratch");
      store.dropColumnFamily(scratch);
      assertThatThrownBy(() -> store.checkpoint(tmp.resolve("checkpoint"))).isInstanceOf(IllegalArgumentException.class);
    }
    List<String> events = events(log);
    assertThat(events).containsExactly(
        "open store=" + dir + " engine=rocksdb encrypted=true readOnly=false result=ok",
        "create-column-family name=blocks result=ok",
        "put cf=blocks keyBytes=19 valueBytes=21",
        "batch cf=blocks puts=1 deletes=1 rangeDeletes=0 bytes=60",
        "delete cf=blocks keyBytes=20",
        "commit cf=blocks puts=1 deletes=0 rangeDeletes=0 bytes=40",
        "checkpoint target=" + tmp.resolve("checkpoint") + " result=ok",
        "native-backups directory=" + tmp.resolve("backups") + " result=ok",
        events.get(8), // backup-create with its id and size
        "rotate newKey=2 retiredKeys=[1] result=ok",
        "rewrap keyEncryptionKey=keyFile result=ok",
        "create-column-family name=scratch result=ok",
        "drop-column-family name=scratch result=ok",
        "close result=ok");
    assertThat(events.get(8)).startsWith("backup-create directory=" + tmp.resolve("backups") + " id=1 ").endsWith(" result=ok");
    String content = Files.readString(log);
    assertThat(content).doesNotContain(KEY).doesNotContain(VALUE)
        .doesNotContain(HexFormat.of().formatHex(bytes(KEY))).doesNotContain(HexFormat.of().formatHex(bytes(VALUE)));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent()))).isEqualTo("rwx------");
    assertThat(Files.readAllLines(log)).allSatisfy(line -> assertThat(java.time.Instant.parse(line.substring(0,
        line.indexOf(' ')))).isNotNull());
  }

  @Test
  void failedAdministrativeOperationIsRecordedAsFailed() throws Exception {
    Path log = tmp.resolve("audit.log");
    try (KeyValueStore store = StorageEngines.open(Stores.rocks(tmp.resolve("store")).option("audit.file", log.toString())
        .build())) {
      Files.createDirectories(tmp.resolve("backups-are-a-file").getParent());
      Files.writeString(tmp.resolve("backups-are-a-file"), "x");
      assertThatThrownBy(() -> store.nativeBackups(tmp.resolve("backups-are-a-file")));
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    }
    List<String> events = events(log);
    assertThat(events.get(0)).contains("encrypted=false");
    assertThat(events.get(1)).startsWith("native-backups directory=").contains("result=failed:");
    assertThat(events).hasSize(3).last().isEqualTo("close result=ok");
  }

  @Test
  void auditLogAppendsAcrossOpensOfAMemoryStore() throws Exception {
    Path log = tmp.resolve("audit.log");
    for (int i = 0; i < 2; i++) {
      StorageEngines.open(Stores.encryptedMemory().option("audit.file", log.toString()).option("audit.writes", "*")
          .build()).close();
    }
    assertThat(events(log)).containsExactly(
        "open store=temporary engine=memory encrypted=true readOnly=false result=ok", "close result=ok",
        "open store=temporary engine=memory encrypted=true readOnly=false result=ok", "close result=ok");
  }

  @Test
  void auditLayerWithoutAFileIsRejected() {
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedMemory().option("audit.writes", "*").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audit.file");
  }
}
