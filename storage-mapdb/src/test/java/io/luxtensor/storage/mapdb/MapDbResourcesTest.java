package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory mappings ({@code /proc/self/maps}) and file descriptors ({@code /proc/self/fd}) a store
 * holds: none of either once closed, however many times it was opened (writable or read-only) and
 * written, and no mapping
 * of a deleted file while open (MapDB's file write-ahead log mapped a new file per commit and kept
 * every mapping until a garbage collection). Linux only.
 */
class MapDbResourcesTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "mapdb.mmap={0}")
  @ValueSource(booleans = {true, false})
  void cyclesOfOpenWriteCloseLeaveNoMappingOrDescriptorOfTheStore(boolean mmap) throws IOException {
    assumeTrue(Files.isReadable(Path.of("/proc/self/maps")) && Files.isDirectory(Path.of("/proc/self/fd")));
    StorageConfig config = StorageConfig.builder().engine("mapdb").path(dir).option("mapdb.mmap", Boolean.toString(mmap))
        .build();
    for (int cycle = 0; cycle < 10; cycle++) {
      try (KeyValueStore store = StorageEngines.open(config)) {
        for (int i = 0; i < 60; i++) {
          store.put(store.defaultColumnFamily(), CrashWorkload.bytes("key-" + cycle + "-" + i), new byte[100]);
        }
        List<String> mappings = mappingsOf(dir);
        assertThat(mappings).as("mappings of deleted files while open").noneMatch(line -> line.endsWith("(deleted)"));
        if (!mmap) {
          assertThat(mappings).as("a store opened without mmap maps nothing").isEmpty();
        }
        assertThat(descriptorsOf(dir)).as("descriptors while open: the store file, its lock, journal, checksums")
            .hasSizeLessThanOrEqualTo(4);
      }
      assertThat(mappingsOf(dir)).as("mappings after close %d", cycle).isEmpty();
      assertThat(descriptorsOf(dir)).as("descriptors after close %d", cycle).isEmpty();
      try (KeyValueStore readOnly = StorageEngines.open(config.toBuilder().readOnly(true).build())) {
        assertThat(readOnly.get(readOnly.defaultColumnFamily(), CrashWorkload.bytes("key-" + cycle + "-0"))).hasSize(100);
      }
      assertThat(mappingsOf(dir)).as("mappings after a read-only open and close %d", cycle).isEmpty();
      assertThat(descriptorsOf(dir)).as("descriptors after a read-only open and close %d", cycle).isEmpty();
    }
  }

  private static List<String> mappingsOf(Path directory) throws IOException {
    String prefix = directory.toRealPath().toString();
    return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(line -> line.contains(prefix)).toList();
  }

  private static List<Path> descriptorsOf(Path directory) throws IOException {
    Path real = directory.toRealPath();
    List<Path> targets = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          Path target = Files.readSymbolicLink(fd);
          if (target.startsWith(real)) {
            targets.add(target);
          }
        } catch (IOException e) {
          // the descriptor closed between the listing and the read: not held
        }
      }
    }
    return targets;
  }
}
