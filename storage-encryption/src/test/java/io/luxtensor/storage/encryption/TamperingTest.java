package io.luxtensor.storage.encryption;

import static io.luxtensor.storage.encryption.Stores.bytes;
import static io.luxtensor.storage.encryption.Stores.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values changed underneath the encryption layer (written through the same RocksDB store opened
 * without it) are reported as corruption, never returned.
 */
class TamperingTest {

  @TempDir
  Path dir;

  /** Writes {@code secret} under key {@code k} (and {@code other} under {@code k2}) encrypted, then lets {@code tamper} change the raw store. */
  private KeyValueStore tampered(Consumer<KeyValueStore> tamper) {
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).columnFamilies("other").build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("secret"));
      store.put(store.defaultColumnFamily(), bytes("k2"), bytes("other"));
    }
    try (KeyValueStore raw = StorageEngines.open(Stores.rocks(dir).build())) {
      tamper.accept(raw);
    }
    return StorageEngines.open(Stores.encryptedRocks(dir, 1).build());
  }

  @Test
  void valuesAreStoredEncryptedWithKeysInClear() {
    tampered(raw -> {
      byte[] stored = raw.get(raw.defaultColumnFamily(), bytes("k"));
      assertThat(stored).hasSize("secret".length() + ValueCipher.OVERHEAD);
      assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("secret");
      assertThat(raw.columnFamilies()).extracting(ColumnFamily::name).contains(EncryptedEngine.RESERVED_FAMILY);
    }).close();
  }

  @Test
  void flippedCiphertextByteIsReportedAsCorruption() {
    try (KeyValueStore store = tampered(raw -> {
      byte[] stored = raw.get(raw.defaultColumnFamily(), bytes("k"));
      stored[stored.length - 20] ^= 1;
      raw.put(raw.defaultColumnFamily(), bytes("k"), stored);
    })) {
      assertThatThrownBy(() -> store.get(store.defaultColumnFamily(), bytes("k")))
          .isInstanceOf(CorruptionException.class).hasMessageContaining("failed authentication");
      assertThat(text(store.get(store.defaultColumnFamily(), bytes("k2")))).isEqualTo("other");
    }
  }

  @Test
  void valueCopiedToAnotherKeyFailsToDecrypt() {
    try (KeyValueStore store = tampered(raw -> raw.put(raw.defaultColumnFamily(), bytes("k2"),
        raw.get(raw.defaultColumnFamily(), bytes("k"))))) {
      assertThatThrownBy(() -> store.get(store.defaultColumnFamily(), bytes("k2"))).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void valueCopiedToAnotherColumnFamilyFailsToDecrypt() {
    try (KeyValueStore store = tampered(raw -> raw.put(raw.columnFamily("other"), bytes("k"),
        raw.get(raw.defaultColumnFamily(), bytes("k"))))) {
      assertThatThrownBy(() -> store.get(store.columnFamily("other"), bytes("k"))).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void changedKeyIdInTheHeaderFailsToDecrypt() {
    try (KeyValueStore store = tampered(raw -> {
      byte[] stored = raw.get(raw.defaultColumnFamily(), bytes("k"));
      stored[4] = 9;
      raw.put(raw.defaultColumnFamily(), bytes("k"), stored);
    })) {
      assertThatThrownBy(() -> store.get(store.defaultColumnFamily(), bytes("k")))
          .isInstanceOf(CorruptionException.class).hasMessageContaining("data key 9");
    }
  }

  @Test
  void truncatedValueIsReportedAsCorruption() {
    try (KeyValueStore store = tampered(raw -> raw.put(raw.defaultColumnFamily(), bytes("k"),
        Arrays.copyOf(raw.get(raw.defaultColumnFamily(), bytes("k")), 10)))) {
      assertThatThrownBy(() -> store.get(store.defaultColumnFamily(), bytes("k")))
          .isInstanceOf(CorruptionException.class).hasMessageContaining("fewer than");
    }
  }

  @Test
  void plaintextWrittenUnderneathIsReportedAsCorruption() {
    try (KeyValueStore store = tampered(raw -> raw.put(raw.defaultColumnFamily(), bytes("k"),
        bytes("\u0007plaintext written without the layer")))) {
      assertThatThrownBy(() -> store.get(store.defaultColumnFamily(), bytes("k")))
          .isInstanceOf(CorruptionException.class).hasMessageContaining("format version 7");
    }
  }

  @Test
  void iteratorReachingATamperedValueReportsCorruption() {
    try (KeyValueStore store = tampered(raw -> {
      byte[] stored = raw.get(raw.defaultColumnFamily(), bytes("k2"));
      stored[ValueCipher.HEADER_BYTES] ^= 1; // the nonce
      raw.put(raw.defaultColumnFamily(), bytes("k2"), stored);
    }); KvIterator it = store.iterator(store.defaultColumnFamily(), KeyRange.all())) {
      List<String> read = new ArrayList<>();
      assertThatThrownBy(() -> {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          read.add(text(it.value()));
        }
      }).isInstanceOf(CorruptionException.class);
      assertThat(read).containsExactly("secret");
    }
  }

  @Test
  void damagedKeyRingFailsTheOpenAsCorruption() {
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    }
    try (KeyValueStore raw = StorageEngines.open(Stores.rocks(dir).build())) {
      ColumnFamily reserved = raw.columnFamily(EncryptedEngine.RESERVED_FAMILY);
      byte[] ring = raw.get(reserved, EncryptedEngine.KEY_RING);
      raw.put(reserved, EncryptedEngine.KEY_RING, Arrays.copyOf(ring, ring.length - 3));
    }
    assertThatThrownBy(() -> StorageEngines.open(Stores.encryptedRocks(dir, 1).build()))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("key ring is damaged");
  }
}
