package io.luxtensor.storage.encryption;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.tck.StorageEngineContract;
import java.nio.file.Path;

/** The shared storage contract, unchanged, on the memory engine under the encryption layer (keys in a reserved family, no directory). */
class EncryptedMemoryContractTest extends StorageEngineContract {

  @Override
  protected StorageConfig.Builder config(Path directory) {
    return StorageConfig.builder().engine("memory").option("encryption.keyFile", TestKeys.keyFile(1).toString());
  }
}
