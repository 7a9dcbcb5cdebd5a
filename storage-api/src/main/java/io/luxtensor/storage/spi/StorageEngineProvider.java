package io.luxtensor.storage.spi;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.PerformanceConfig;
import io.luxtensor.storage.StorageConfig;
import java.util.Set;

/**
 * A storage engine, found through {@link java.util.ServiceLoader}: an engine jar lists its provider
 * in {@code META-INF/services/io.luxtensor.storage.spi.StorageEngineProvider}.
 *
 * <p>Implementations have a public zero-argument constructor that does no work (loading a native
 * library belongs in {@link #open}), and are thread-safe. Users never call a provider directly:
 * {@link io.luxtensor.storage.StorageEngines} picks one and wraps what it opens in the decorator that
 * enforces the contract.
 */
public interface StorageEngineProvider {

  /** The stable lowercase name users select the engine by, such as {@code "rocksdb"}. */
  String name();

  /**
   * The engine's version, by default the implementation version of the provider's jar. Native
   * engines report their library's version.
   */
  default String version() {
    String version = getClass().getPackage().getImplementationVersion();
    return version == null ? "unversioned" : version;
  }

  /** Which engine wins when no name is configured: highest first (rocksdb 400, lmdb 300, mapdb 200, memory 100). */
  int priority();

  /** The optional features this engine supports. */
  Set<Capability> capabilities();

  /** The longest key in bytes the engine stores; longer keys are rejected before they reach it. */
  int maxKeySize();

  /**
   * The {@link PerformanceConfig} settings this engine maps onto its own options. The decorator
   * rejects a store's opening when the config sets any other, so an engine only reads the ones it
   * lists here. Default: none (an engine without background compaction).
   */
  default Set<PerformanceConfig.Setting> performanceSettings() {
    return Set.of();
  }

  /**
   * Opens (or creates) a store. The engine may assume the config is valid as built and that every
   * call it later receives has been validated (non-null non-empty keys within {@link #maxKeySize()},
   * open resources, writable store); it is responsible for mapping its native errors onto the
   * {@link io.luxtensor.storage.StorageException} hierarchy.
   *
   * @throws io.luxtensor.storage.StorageException when the store cannot be opened; the message names
   *     the path and the reason (locked by another process, missing and not createIfMissing, corrupt)
   */
  StorageEngine open(StorageConfig config);
}
