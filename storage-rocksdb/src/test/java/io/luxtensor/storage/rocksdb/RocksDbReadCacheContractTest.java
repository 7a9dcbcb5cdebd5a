package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.tck.StorageEngineContract;
import java.nio.file.Path;

/**
 * The shared storage contract, unchanged, on the RocksDB engine with the API's read cache in front
 * ({@code rocksdb.read_cache_bytes}): every get of the contract's model runs, concurrency checks and
 * crash checks then go through the cache, so a cache that served a value older than a put, a batch,
 * a range delete, a commit or a drop would fail them. The cache is small (64 KiB) so that eviction
 * runs too.
 */
class RocksDbReadCacheContractTest extends StorageEngineContract {

  @Override
  protected StorageConfig.Builder config(Path directory) {
    return StorageConfig.builder().engine("rocksdb").path(directory).cacheSizeBytes(8 << 20)
        .option("rocksdb.read_cache_bytes", Integer.toString(64 << 10));
  }
}
