package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.tck.StorageEngineContract;
import java.nio.file.Path;

/**
 * The shared storage contract, unchanged, on the RocksDB engine as it opens by default, with the
 * API's read cache in front, but both caches small: the block cache 8 MiB and the read cache 64 KiB,
 * so that the read cache evicts during the contract too. Every get of the model runs, concurrency
 * checks and crash checks goes through the read cache, so a cache that served a value older than a
 * put, a batch, a range delete, a commit or a drop fails them.
 */
class RocksDbEngineContractTest extends StorageEngineContract {

  @Override
  protected StorageConfig.Builder config(Path directory) {
    return StorageConfig.builder().engine("rocksdb").path(directory).cacheSizeBytes(8 << 20)
        .option("rocksdb.read_cache_bytes", Integer.toString(64 << 10));
  }
}
