package io.luxtensor.storage.postgres;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.tck.StorageEngineContract;
import java.nio.file.Path;

/**
 * The shared storage contract, unchanged, on the postgres engine against a real PostgreSQL server
 * ({@link SharedServer}), which the TCK's child JVMs (kills, bit flips) reach too. The store's
 * directory holds its descriptor; its data is in a schema of its own on the server. Iterators read
 * pages of 3 entries, so that the TCK's small data sets span many pages and every move of the model's
 * cursors crosses page edges, as large ranges do with the default page of 256.
 */
class PostgresEngineContractTest extends StorageEngineContract {

  @Override
  protected StorageConfig.Builder config(Path directory) {
    return StorageConfig.builder().engine("postgres").path(directory)
        .option("postgres.url", SharedServer.url())
        .option("postgres.user", PostgresServer.SUPERUSER)
        .option("postgres.fetch_size", "3");
  }
}
