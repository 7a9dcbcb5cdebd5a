package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.tck.StorageEngineContract;
import java.nio.file.Path;

/** The shared storage contract, unchanged, on the RocksDB engine with a small cache. */
class RocksDbEngineContractTest extends StorageEngineContract {

  @Override
  protected StorageConfig.Builder config(Path directory) {
    return StorageConfig.builder().engine("rocksdb").path(directory).cacheSizeBytes(8 << 20);
  }
}
