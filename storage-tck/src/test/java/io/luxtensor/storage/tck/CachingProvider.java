package io.luxtensor.storage.tck;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.CachingEngine;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.util.Set;

/** A provider whose engines are another provider's behind the API's {@link CachingEngine}. */
final class CachingProvider implements StorageEngineProvider {

  private final StorageEngineProvider provider;
  private final long cacheBytes;

  CachingProvider(StorageEngineProvider provider, long cacheBytes) {
    this.provider = provider;
    this.cacheBytes = cacheBytes;
  }

  @Override
  public String name() {
    return provider.name();
  }

  @Override
  public int priority() {
    return provider.priority();
  }

  @Override
  public Set<Capability> capabilities() {
    return provider.capabilities();
  }

  @Override
  public int maxKeySize() {
    return provider.maxKeySize();
  }

  @Override
  public StorageEngine open(StorageConfig config) {
    return CachingEngine.wrap(provider.open(config), cacheBytes);
  }
}
