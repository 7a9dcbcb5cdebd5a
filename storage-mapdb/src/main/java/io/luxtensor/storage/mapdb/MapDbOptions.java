package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.StorageConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code mapdb.*} engine options of a {@link StorageConfig}, parsed and checked when a store
 * opens. Tree options take effect when a column family's tree is created; MapDB records them with the
 * tree, so they cannot change for an existing family.
 *
 * @param mmap {@code mapdb.mmap}: memory-map the store file where the platform supports it
 *     (default {@code true}); {@code false} uses a file channel
 * @param nodeSize {@code mapdb.node_size}: the most keys in one B-tree node, 6 to 1024 (default 32).
 *     Values live inside the leaf nodes, so a write rewrites one leaf: lower it for large values
 * @param lockWaitMillis {@code mapdb.lock_wait_ms}: how long to wait for another process to release
 *     the store file's lock before failing (default 0, fail at once)
 */
record MapDbOptions(boolean mmap, int nodeSize, long lockWaitMillis) {

  static final String PREFIX = "mapdb";
  private static final Set<String> KNOWN = Set.of("mmap", "node_size", "lock_wait_ms");

  /** Parses the options under {@code mapdb.}; throws {@link IllegalArgumentException} naming an unknown or bad one. */
  static MapDbOptions of(StorageConfig config) {
    Map<String, String> options = config.engineOptions(PREFIX);
    for (String name : options.keySet()) {
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown MapDB engine option \"" + PREFIX + "." + name + "\"; known options: "
            + new TreeSet<>(KNOWN).stream().map(k -> PREFIX + "." + k).toList());
      }
    }
    boolean mmap = bool(options, "mmap", true);
    int nodeSize = (int) number(options, "node_size", 32, 6, 1024);
    long lockWait = number(options, "lock_wait_ms", 0, 0, Long.MAX_VALUE);
    return new MapDbOptions(mmap, nodeSize, lockWait);
  }

  private static boolean bool(Map<String, String> options, String name, boolean defaultValue) {
    String value = options.get(name);
    if (value == null) {
      return defaultValue;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException("engine option \"" + PREFIX + "." + name + "\" must be true or false, was \"" + value + "\"");
  }

  private static long number(Map<String, String> options, String name, long defaultValue, long min, long max) {
    String value = options.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with the allowed range
    }
    throw new IllegalArgumentException("engine option \"" + PREFIX + "." + name + "\" must be an integer from " + min
        + " to " + max + ", was \"" + value + "\"");
  }
}
