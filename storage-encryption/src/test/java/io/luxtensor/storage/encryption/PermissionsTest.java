package io.luxtensor.storage.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store directories and key files others may read are reported; what the layers create is 0700 and 0600. */
class PermissionsTest {

  @TempDir
  Path tmp;

  private final List<String> warnings = new ArrayList<>();
  private final Logger logger = Logger.getLogger(StorePermissions.LOGGER);
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        synchronized (warnings) {
          warnings.add(record.getMessage());
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void storeDirectoryReadableByOthersIsWarnedAbout() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("store"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    StorageEngines.open(Stores.encryptedRocks(dir, 1).build()).close();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains(dir.toString()).contains("rwxr-xr-x").contains("chmod 700")
        .contains("security.strictPermissions");
  }

  @Test
  void strictPermissionsRefusesTheOpenBeforeTheEngineWritesAnything() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("store"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedRocks(dir, 1)
        .option("security.strictPermissions", "true").build()))
        .isInstanceOf(StorageException.class).hasMessageContaining("accessible to other users")
        .hasMessageContaining("chmod 700");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void privateStoreDirectoryOpensWithoutWarnings() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("store"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    StorageEngines.open(Stores.encryptedRocks(dir, 1).option("security.strictPermissions", "true").build()).close();
    assertThat(warnings).isEmpty();
  }

  @Test
  void securityLayerChecksAnUnencryptedStoreToo() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("store"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> StorageEngines.open(Stores.rocks(dir).option("security.strictPermissions", "true").build()))
        .isInstanceOf(StorageException.class).hasMessageContaining("rwxrwxrwx");
    StorageEngines.open(Stores.rocks(dir).option("security.strictPermissions", "false").build()).close();
    assertThat(warnings).hasSize(1);
  }

  @Test
  void missingStoreDirectoryAndItsParentsAreCreatedPrivate() throws Exception {
    Path dir = tmp.resolve("parent").resolve("store");
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      store.put(store.defaultColumnFamily(), Stores.bytes("k"), Stores.bytes("v"));
    }
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(dir.getParent())).isEqualTo("rwx------");
    assertThat(warnings).isEmpty();
  }

  @Test
  void keyFileReadableByOthersIsWarnedAboutOrRefused() throws Exception {
    Path keyFile = tmp.resolve("loose.key");
    Files.copy(TestKeys.keyFile(1), keyFile);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    Path dir = tmp.resolve("store");
    StorageEngines.open(Stores.rocks(dir).option("encryption.keyFile", keyFile.toString()).build()).close();
    assertThat(warnings).singleElement().asString().contains("encryption key file").contains("chmod 600");
    assertThatThrownBy(() -> StorageEngines.open(Stores.rocks(dir).option("encryption.keyFile", keyFile.toString())
        .option("security.strictPermissions", "true").build())).isInstanceOf(StorageException.class)
        .hasMessageContaining("encryption key file");
  }

  @Test
  void checkpointOfAnEncryptedStoreIsPrivateInEveryFile() throws Exception {
    Path checkpoint = tmp.resolve("checkpoint");
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(tmp.resolve("store"), 1).build())) {
      store.put(store.defaultColumnFamily(), Stores.bytes("k"), Stores.bytes("v"));
      store.checkpoint(checkpoint);
    }
    try (var paths = Files.walk(checkpoint)) {
      assertThat(paths.toList()).hasSizeGreaterThan(3).allSatisfy(path ->
          assertThat(mode(path)).isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------"));
    }
    StorageEngines.open(Stores.encryptedRocks(checkpoint, 1).build()).close();
    assertThat(warnings).isEmpty();
  }

  @Test
  void generatedKeyFileIsPrivateAndNeverOverwritten() throws Exception {
    Path keyFile = tmp.resolve("keys").resolve("store.key");
    EncryptedStores.generateKeyFile(keyFile);
    assertThat(mode(keyFile)).isEqualTo("rw-------");
    assertThat(mode(keyFile.getParent())).isEqualTo("rwx------");
    assertThat(KekSpec.readKeyFile(keyFile)).hasSize(32);
    byte[] before = Files.readAllBytes(keyFile);
    assertThatThrownBy(() -> EncryptedStores.generateKeyFile(keyFile)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never overwritten");
    assertThat(Files.readAllBytes(keyFile)).isEqualTo(before);
  }

  @Test
  void badStrictPermissionsValueIsRejectedNamingTheOption() {
    assertThatThrownBy(() -> StorageEngines.open(Stores.rocks(tmp.resolve("s")).option("security.strictPermissions",
        "yes").build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("security.strictPermissions");
  }
}
