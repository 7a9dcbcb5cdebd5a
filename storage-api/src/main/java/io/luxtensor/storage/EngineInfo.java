package io.luxtensor.storage;

import java.util.Objects;
import java.util.Set;

/**
 * What an engine is and what it can do, as its provider declares it.
 *
 * @param name the engine's stable lowercase name, as used in {@link StorageConfig#engine()}
 * @param version the engine implementation's version (for native engines, the native library's)
 * @param priority higher wins when no engine is named
 * @param capabilities the optional features the engine supports
 * @param maxKeySize the longest key, in bytes, that the engine stores
 */
public record EngineInfo(String name, String version, int priority, Set<Capability> capabilities, int maxKeySize) {

  public EngineInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    capabilities = Set.copyOf(capabilities);
  }

  public boolean supports(Capability capability) {
    return capabilities.contains(capability);
  }
}
