package io.luxtensor.storage.encryption;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Entry points for encrypted stores. A store is encrypted by opening it with an encryption option:
 *
 * <pre>{@code
 * EncryptedStores.generateKeyFile(keyFile);                  // once: 0600, 64 hex digits
 * KeyValueStore store = StorageEngines.open(StorageConfig.builder().path(dir)
 *     .option("encryption.keyFile", keyFile.toString())
 *     .option("audit.file", dir.resolveSibling("audit.log").toString())   // optional
 *     .build());
 * EncryptedStores.rotate(store);                             // new data key now, old values re-encrypted in the background
 * }</pre>
 *
 * <p>Values are encrypted; <b>keys are stored in clear</b>, so that order, ranges and prefixes work
 * in every engine: do not put secrets in keys. Stateless and thread-safe.
 */
public final class EncryptedStores {

  private EncryptedStores() {}

  /**
   * The key management of {@code store}.
   *
   * @throws IllegalArgumentException when the store is not encrypted
   */
  public static EncryptionControl control(KeyValueStore store) {
    return StorageEngines.layer(store, EncryptionControl.class).orElseThrow(() -> new IllegalArgumentException(
        "store " + store + " is not encrypted: open it with encryption.keyFile or encryption.passphrase"));
  }

  /** {@link EncryptionControl#rotate()} of {@code store}. */
  public static void rotate(KeyValueStore store) {
    control(store).rotate();
  }

  /** {@link EncryptionControl#rewrap(KeySource)} of {@code store}. */
  public static void rewrap(KeyValueStore store, KeySource source) {
    control(store).rewrap(source);
  }

  /**
   * Writes a new key file of 32 random bytes as 64 hex digits, readable by its owner only
   * ({@code 0600}; missing parent directories {@code 0700}).
   *
   * @throws IllegalArgumentException when {@code file} exists: a key is never overwritten
   */
  public static void generateKeyFile(Path file) {
    if (Files.exists(file)) {
      throw new IllegalArgumentException("key file " + file + " exists; a key is never overwritten (the data it"
          + " protects would be lost): name a new file");
    }
    byte[] key = Gcm.random(DataKey.BYTES);
    try {
      StorePermissions.createPrivateFile(file, true);
      Files.write(file, (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException("key file " + file + " appeared while it was being created", e);
    } catch (IOException e) {
      throw new StorageException("cannot write key file " + file + ": " + e, e);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }
}
