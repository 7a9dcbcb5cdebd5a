package io.luxtensor.storage.encryption;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageLayerProvider;

/**
 * The {@code "audit"} layer: a log ({@code audit.file}) of a store's administrative operations and,
 * for the column families {@code audit.writes} names, its writes; see {@link AuditedEngine}. Sits
 * outside the encryption layer (order 200), so it also records rotations and re-wraps. Stateless and
 * thread-safe.
 */
public final class AuditLayerProvider implements StorageLayerProvider {

  @Override
  public String name() {
    return AuditOptions.PREFIX;
  }

  @Override
  public int order() {
    return 200;
  }

  @Override
  public void prepare(StorageConfig config) {
    AuditOptions.of(config);
    if (StorePermissions.checkedBy(config, name())) {
      StorePermissions.checkStore(config);
    }
  }

  @Override
  public StorageEngine wrap(StorageEngine engine, StorageConfig config) {
    return new AuditedEngine(engine, config, AuditOptions.of(config));
  }
}
