package io.luxtensor.storage.backup;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.nio.file.Path;
import java.util.Set;

/**
 * A provider that opens another provider's engine wrapped in a {@link ChangeLoggingEngine}. It takes
 * the wrapped engine's name, version and capabilities, so the store reports its real engine. Not
 * registered with {@link java.util.ServiceLoader}: {@link LoggedStore#open} uses it directly.
 */
final class ChangeLoggingProvider implements StorageEngineProvider {

  private final StorageEngineProvider provider;
  private final Path logDirectory;
  private final long segmentBytes;
  private volatile ChangeLog opened;

  ChangeLoggingProvider(StorageEngineProvider provider, Path logDirectory, long segmentBytes) {
    this.provider = provider;
    this.logDirectory = logDirectory;
    this.segmentBytes = segmentBytes;
  }

  /** The log of the engine this provider opened last. */
  ChangeLog opened() {
    return opened;
  }

  @Override
  public String name() {
    return provider.name();
  }

  @Override
  public String version() {
    return provider.version();
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
    StorageEngine engine = provider.open(config);
    try {
      ChangeLog log = ChangeLog.openForAppend(logDirectory, segmentBytes);
      opened = log;
      return new ChangeLoggingEngine(engine, log, config.syncWrites());
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }
}
