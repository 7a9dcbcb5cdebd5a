package io.luxtensor.storage.encryption;

import io.luxtensor.storage.StorageConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code audit.*} options, validated: {@code audit.file}, the log (required), and
 * {@code audit.writes}, the column families whose writes are recorded too: a comma-separated list of
 * names, or {@code *} for all; none by default. Immutable.
 *
 * @param file the log file, appended to
 * @param allWrites whether writes to every column family are recorded
 * @param writeFamilies the column families whose writes are recorded (when not all)
 */
record AuditOptions(Path file, boolean allWrites, Set<String> writeFamilies) {

  static final String PREFIX = "audit";
  private static final Set<String> KNOWN = Set.of("file", "writes");

  AuditOptions {
    writeFamilies = Set.copyOf(writeFamilies);
  }

  static AuditOptions of(StorageConfig config) {
    Map<String, String> options = config.engineOptions(PREFIX);
    for (String name : options.keySet()) {
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown option \"" + PREFIX + "." + name + "\"; the audit layer knows "
            + new TreeSet<>(KNOWN).stream().map(n -> PREFIX + "." + n).toList());
      }
    }
    String file = options.get("file");
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException("the audit layer needs audit.file, the log file to append to");
    }
    String writes = options.getOrDefault("writes", "").strip();
    if (writes.equals("*")) {
      return new AuditOptions(Path.of(file), true, Set.of());
    }
    Set<String> families = new TreeSet<>();
    Arrays.stream(writes.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(families::add);
    return new AuditOptions(Path.of(file), false, families);
  }

  /** Whether writes to {@code family} are recorded. */
  boolean records(String family) {
    return allWrites || writeFamilies.contains(family);
  }
}
