package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.tck.StorageEngineContract;
import java.nio.file.Path;

/**
 * The shared storage contract, unchanged, on the LMDB engine. The map starts small (4 MiB) so that
 * longer model runs also exercise growth under open snapshots and iterators.
 */
class LmdbEngineContractTest extends StorageEngineContract {

  @Override
  protected StorageConfig.Builder config(Path directory) {
    return StorageConfig.builder().engine("lmdb").path(directory).mapSizeBytes(4 << 20);
  }
}
