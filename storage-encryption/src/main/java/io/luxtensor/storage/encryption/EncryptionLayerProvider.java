package io.luxtensor.storage.encryption;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageLayerProvider;

/**
 * The {@code "encryption"} layer: values encrypted with AES-256-GCM under data keys wrapped by a key
 * from {@code encryption.keyFile} or a passphrase ({@code encryption.passphrase},
 * {@code encryption.passphraseFile}) through Argon2id; see {@link EncryptedStores}. Sits nearest the
 * engine (order 100). Stateless and thread-safe.
 */
public final class EncryptionLayerProvider implements StorageLayerProvider {

  @Override
  public String name() {
    return EncryptionOptions.PREFIX;
  }

  @Override
  public int order() {
    return 100;
  }

  @Override
  public void prepare(StorageConfig config) {
    EncryptionOptions options = EncryptionOptions.of(config);
    if (StorePermissions.checkedBy(config, name())) {
      StorePermissions.checkStore(config);
    }
    if (options.keyFile() != null) {
      StorePermissions.checkKeyFile(options.keyFile(), StorePermissions.strict(config));
    }
  }

  @Override
  public StorageEngine wrap(StorageEngine engine, StorageConfig config) {
    return EncryptedEngine.open(engine, config, EncryptionOptions.of(config));
  }
}
