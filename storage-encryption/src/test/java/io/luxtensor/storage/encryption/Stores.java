package io.luxtensor.storage.encryption;

import io.luxtensor.storage.StorageConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Configs and bytes the encryption tests share. */
final class Stores {

  private Stores() {}

  static StorageConfig.Builder rocks(Path dir) {
    return StorageConfig.builder().engine("rocksdb").path(dir).cacheSizeBytes(8 << 20);
  }

  static StorageConfig.Builder encryptedRocks(Path dir, int keySeed) {
    return rocks(dir).option("encryption.keyFile", TestKeys.keyFile(keySeed).toString());
  }

  static StorageConfig.Builder encryptedMemory() {
    return StorageConfig.builder().engine("memory").option("encryption.keyFile", TestKeys.keyFile(1).toString());
  }

  /** A passphrase store with Argon2id costs small enough for tests. */
  static StorageConfig.Builder passphraseRocks(Path dir, String passphrase) {
    return rocks(dir).option("encryption.passphrase", passphrase).option("encryption.argon2MemoryKib", "1024")
        .option("encryption.argon2Iterations", "1");
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
