package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.tck.StorageEngineContract;
import java.nio.file.Path;

/**
 * The shared storage contract, unchanged, on the RocksDB engine with the API's read cache off
 * ({@code rocksdb.read_cache_bytes=0}): every read reaches RocksDB itself, as it does for users who
 * turn the cache off. Run at the layered depth, as the engine under the cache is the same.
 */
class RocksDbUncachedContractTest extends StorageEngineContract {

  @Override
  protected StorageConfig.Builder config(Path directory) {
    return StorageConfig.builder().engine("rocksdb").path(directory).cacheSizeBytes(8 << 20)
        .option("rocksdb.read_cache_bytes", "0");
  }
}
