package io.luxtensor.storage.cli;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StoreMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Small lookups the store commands share. Stateless. */
final class Stores {

  private Stores() {}

  /** The column family {@code name}, or a not-found error listing the store's families. */
  static ColumnFamily family(KeyValueStore store, String name) {
    for (ColumnFamily cf : store.columnFamilies()) {
      if (cf.name().equals(name)) {
        return cf;
      }
    }
    throw new CliException(ExitCode.NOT_FOUND, "the store has no column family \"" + name + "\"; it has "
        + store.columnFamilies().stream().map(ColumnFamily::name).toList() + " (name one with --cf)");
  }

  /** Bytes of the regular files under {@code dir}; 0 when it does not exist. */
  static long sizeOnDisk(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // deleted while we walked (a compaction's input file): not on disk any more
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + dir, e);
    }
  }

  /** The metrics as an ordered map, for tables and JSON. */
  static Map<String, Object> metrics(StoreMetrics m) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("reads", m.reads());
    map.put("writes", m.writes());
    map.put("readsPerSecond", m.readsPerSecond());
    map.put("writesPerSecond", m.writesPerSecond());
    map.put("readLatencyP50Nanos", m.readLatencyP50Nanos());
    map.put("readLatencyP99Nanos", m.readLatencyP99Nanos());
    map.put("writeLatencyP50Nanos", m.writeLatencyP50Nanos());
    map.put("writeLatencyP99Nanos", m.writeLatencyP99Nanos());
    map.put("bytesWritten", m.bytesWritten());
    map.put("iteratorsOpened", m.iteratorsOpened());
    map.put("diskUsageBytes", m.diskUsageBytes());
    map.put("memoryUsageBytes", m.memoryUsageBytes());
    map.put("cacheHitRate", m.cacheHitRate());
    map.put("pendingCompactionBytes", m.pendingCompactionBytes());
    map.put("openIterators", m.openIterators());
    map.put("openSnapshots", m.openSnapshots());
    map.put("openTransactions", m.openTransactions());
    map.put("snapshotsClosedByStore", m.snapshotsClosedByStore());
    map.put("errors", m.errors());
    return map;
  }
}
