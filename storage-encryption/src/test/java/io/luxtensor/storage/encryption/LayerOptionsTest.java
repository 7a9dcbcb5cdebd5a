package io.luxtensor.storage.encryption;

import static io.luxtensor.storage.encryption.Stores.bytes;
import static io.luxtensor.storage.encryption.Stores.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the layers are selected by option prefix, and the options and stores they refuse. */
class LayerOptionsTest {

  @TempDir
  Path dir;

  @Test
  void misspelledLayerPrefixIsStillRejected() {
    assertThatThrownBy(() -> StorageEngines.open(Stores.rocks(dir).option("encrpytion.keyFile", "k").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no engine or layer")
        .hasMessageContaining("encryption");
  }

  @Test
  void unknownOptionUnderALayerPrefixIsRejectedNamingTheKnownOnes() {
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedMemory().option("encryption.cipher", "aes").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encryption.cipher")
        .hasMessageContaining("encryption.keyFile");
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedMemory().option("audit.file", "a")
        .option("audit.level", "x").build())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("audit.level");
    assertThatThrownBy(() -> StorageEngines.open(Stores.rocks(dir).option("security.mode", "x").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("security.strictPermissions");
  }

  @Test
  void encryptedStoreNeedsExactlyOneKeySource() {
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedMemory().option("encryption.passphrase", "p").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> StorageEngines.open(Stores.rocks(dir).option("encryption.rotationStepEntries", "5").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none");
  }

  @Test
  void badNumbersAreRejectedNamingTheOption() {
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedMemory().option("encryption.rotationStepEntries", "0")
        .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rotationStepEntries");
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedMemory().option("encryption.argon2Iterations", "x")
        .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argon2Iterations");
  }

  @Test
  void reservedFamilyIsHiddenAndCannotBeCreated() {
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedMemory().build())) {
      assertThat(store.columnFamilies()).extracting(cf -> cf.name()).containsExactly("default");
      assertThatThrownBy(() -> store.createColumnFamily(EncryptedEngine.RESERVED_FAMILY))
          .isInstanceOf(StorageException.class).hasMessageStartingWith("column family name").hasMessageContaining("reserved");
    }
  }

  @Test
  void storeHoldingUnencryptedDataIsNotAdoptedInPlace() {
    try (KeyValueStore plain = StorageEngines.open(Stores.rocks(dir).build())) {
      plain.put(plain.defaultColumnFamily(), bytes("k"), bytes("v"));
    }
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedRocks(dir, 1).build()))
        .isInstanceOf(StorageException.class).hasMessageContaining("without encryption");
    try (KeyValueStore plain = StorageEngines.open(Stores.rocks(dir).build())) {
      assertThat(text(plain.get(plain.defaultColumnFamily(), bytes("k")))).isEqualTo("v");
      assertThat(plain.columnFamilies()).hasSize(1);
    }
  }

  @Test
  void readOnlyOpenOfAnEncryptedStoreReadsItsValues() {
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    }
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).readOnly(true).build())) {
      assertThat(text(store.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo("v");
    }
  }
}
