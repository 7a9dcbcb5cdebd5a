package io.luxtensor.storage.encryption;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.tck.StorageEngineContract;
import java.nio.file.Path;

/** The shared storage contract, unchanged, on RocksDB under the encryption layer, with a small cache. */
class EncryptedRocksDbContractTest extends StorageEngineContract {

  @Override
  protected StorageConfig.Builder config(Path directory) {
    return StorageConfig.builder().engine("rocksdb").path(directory).cacheSizeBytes(8 << 20)
        .option("encryption.keyFile", TestKeys.keyFile(1).toString());
  }
}
