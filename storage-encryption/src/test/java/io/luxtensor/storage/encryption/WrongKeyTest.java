package io.luxtensor.storage.encryption;

import static io.luxtensor.storage.encryption.Stores.bytes;
import static io.luxtensor.storage.encryption.Stores.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store opened with the wrong key-encryption key fails at open, clearly, and nothing it holds changes. */
class WrongKeyTest {

  @TempDir
  Path dir;

  /** Every raw entry of every family, the key ring included, as the store holds it without the layer. */
  private List<String> rawContent() {
    List<String> entries = new ArrayList<>();
    try (KeyValueStore raw = StorageEngines.open(Stores.rocks(dir).build())) {
      raw.columnFamilies().forEach(cf -> {
        try (KvIterator it = raw.iterator(cf, KeyRange.all())) {
          it.seekToFirst();
          it.stream().map(KeyValue::toString).forEach(e -> entries.add(cf.name() + " " + e));
        }
      });
    }
    return entries;
  }

  @Test
  void wrongKeyFileFailsAtOpenAndChangesNothing() {
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    }
    List<String> before = rawContent();
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedRocks(dir, 2).build()))
        .isInstanceOf(StorageException.class).hasMessageContaining("wrong encryption key")
        .hasMessageContaining("key file");
    assertThat(rawContent()).isEqualTo(before);
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      assertThat(text(store.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo("v");
    }
  }

  @Test
  void wrongPassphraseFailsAtOpen() {
    try (KeyValueStore store = StorageEngines.open(Stores.passphraseRocks(dir, "correct horse").build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    }
    assertThatThrownBy(() -> StorageEngines.open(Stores.passphraseRocks(dir, "battery staple").build()))
        .isInstanceOf(StorageException.class).hasMessageContaining("wrong encryption key")
        .hasMessageContaining("passphrase");
    try (KeyValueStore store = StorageEngines.open(Stores.passphraseRocks(dir, "correct horse").build())) {
      assertThat(text(store.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo("v");
    }
  }

  @Test
  void keyFileForAPassphraseStoreIsRefusedNamingTheRightOption() {
    StorageEngines.open(Stores.passphraseRocks(dir, "correct horse").build()).close();
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedRocks(dir, 1).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encryption.passphrase");
  }

  @Test
  void passphraseFromAFileOpensTheStoreItsTextCreated() throws Exception {
    Path passphraseFile = dir.resolveSibling(dir.getFileName() + "-pass.txt");
    java.nio.file.Files.writeString(passphraseFile, "correct horse\n");
    try {
      try (KeyValueStore store = StorageEngines.open(Stores.passphraseRocks(dir, "correct horse").build())) {
        store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
      }
      try (KeyValueStore store = StorageEngines.open(Stores.rocks(dir).option("encryption.passphraseFile",
          passphraseFile.toString()).build())) {
        assertThat(text(store.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo("v");
      }
    } finally {
      java.nio.file.Files.deleteIfExists(passphraseFile);
    }
  }

  @Test
  void rewrapMovesTheStoreToTheNewKeyOnly() {
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
      EncryptedStores.rewrap(store, KeySource.keyFile(TestKeys.keyFile(2)));
      assertThat(text(store.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo("v");
    }
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedRocks(dir, 1).build()))
        .hasMessageContaining("wrong encryption key");
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 2).build())) {
      assertThat(text(store.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo("v");
      EncryptedStores.rewrap(store, KeySource.passphrase("new passphrase".toCharArray()));
    }
    // The default Argon2id costs (64 MiB) apply to a passphrase given at run time.
    try (KeyValueStore store = StorageEngines.open(Stores.rocks(dir).option("encryption.passphrase", "new passphrase")
        .build())) {
      assertThat(text(store.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo("v");
    }
  }

  @Test
  void keyFileOfTheWrongLengthIsRefusedSayingWhatItMustHold() throws Exception {
    Path bad = dir.resolveSibling(dir.getFileName() + "-bad.key");
    java.nio.file.Files.writeString(bad, "abcd");
    try {
      assertThatThrownBy(() -> StorageEngines.open(Stores.rocks(dir).option("encryption.keyFile", bad.toString()).build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 raw bytes or 64 hex digits");
    } finally {
      java.nio.file.Files.deleteIfExists(bad);
    }
  }
}
