package io.luxtensor.storage;

import java.util.List;

/**
 * No engine with the requested name is on the classpath. The message and {@link #available()} list
 * the engines that were found, so the fix (add the engine's jar, or correct the name) is obvious.
 */
public final class EngineNotFoundException extends StorageException {

  private final String engine;
  private final List<String> available;

  public EngineNotFoundException(String engine, List<String> available) {
    super(engine == null
        ? "no storage engine found on the classpath; add an engine jar such as storage-rocksdb or storage-memory"
        : "unknown engine \"" + engine + "\"; found " + available + "; add its jar to the classpath or pick one of these");
    this.engine = engine;
    this.available = List.copyOf(available);
  }

  /** The name that was asked for, or {@code null} when any engine would have done. */
  public String engine() {
    return engine;
  }

  /** The names of the engines found on the classpath, sorted. */
  public List<String> available() {
    return available;
  }
}
