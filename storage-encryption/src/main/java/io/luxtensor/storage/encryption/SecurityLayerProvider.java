package io.luxtensor.storage.encryption;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageLayerProvider;
import java.util.Set;

/**
 * The {@code "security"} layer: permission checks at open for any store, encrypted or not. A store
 * directory that group or others may access is reported: a warning, or with
 * {@code security.strictPermissions=true} a refused open; a missing store directory is created
 * {@code 0700}. The encryption and audit layers run the same checks when this layer is not
 * configured. Changes nothing once the store is open. Stateless and thread-safe.
 */
public final class SecurityLayerProvider implements StorageLayerProvider {

  private static final Set<String> KNOWN = Set.of("strictPermissions");

  @Override
  public String name() {
    return StorePermissions.SECURITY;
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public void prepare(StorageConfig config) {
    for (String option : config.engineOptions(name()).keySet()) {
      if (!KNOWN.contains(option)) {
        throw new IllegalArgumentException("unknown option \"security." + option
            + "\"; the security layer knows [security.strictPermissions]");
      }
    }
    StorePermissions.checkStore(config);
  }

  @Override
  public StorageEngine wrap(StorageEngine engine, StorageConfig config) {
    return engine;
  }
}
