package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.tck.StorageEngineContract;
import java.nio.file.Path;

/** The shared storage contract, unchanged, on the MapDB engine with its default options. */
class MapDbEngineContractTest extends StorageEngineContract {

  @Override
  protected StorageConfig.Builder config(Path directory) {
    return StorageConfig.builder().engine("mapdb").path(directory);
  }
}
