package io.luxtensor.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.testing.KilledChild;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a JVM in the middle of an import on RocksDB and resumes it in this one: every chunk the
 * child acknowledged is kept, the rest are imported, and the result is the exported state.
 */
class SnapshotResumeTest {

  @ParameterizedTest(name = "killed after {0} acknowledged chunks")
  @ValueSource(ints = {1, 6, 13})
  void anImportKilledMidwayResumesWhereItStopped(int acknowledgedChunks, @TempDir Path dir) throws Exception {
    Path snapshot = Files.createDirectory(dir.resolve("snapshot"));
    List<Address> addresses;
    SnapshotManifest manifest;
    try (KeyValueStore source = StorageEngines.open(StorageConfig.inMemory())) {
      StateStore state = StateStore.open(source);
      addresses = SnapshotFixture.populate(state, new Random(acknowledgedChunks), 250, 2);
      try (SnapshotExporter exporter = SnapshotExporter.open(state, state.headHeight().getAsLong(), 1_500)) {
        manifest = exporter.manifest();
        try (OutputStream out = Files.newOutputStream(snapshot.resolve("manifest"))) {
          manifest.writeTo(out);
        }
        for (int i = 0; i < manifest.chunks().size(); i++) {
          try (OutputStream out = Files.newOutputStream(snapshot.resolve("chunk-" + i))) {
            exporter.writeChunk(i, out);
          }
        }
      }
      assertThat(manifest.chunks()).hasSizeGreaterThan(acknowledgedChunks + 2);

      Path store = dir.resolve("store");
      Path stderr = dir.resolve("child.log");
      Set<Integer> acknowledged = new HashSet<>();
      for (String chunk : KilledChild.acknowledgementsBeforeTheKill(command(store, snapshot, acknowledgedChunks), stderr,
          acknowledgedChunks)) {
        acknowledged.add(Integer.parseInt(chunk));
      }
      assertThat(acknowledged).as("child stderr: %s", Files.readString(stderr)).hasSize(acknowledgedChunks);

      try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(store).build())) {
        SnapshotImporter importer = SnapshotImporter.open(kv, manifest);
        List<Integer> missing = importer.missingChunks();
        assertThat(missing).doesNotContainAnyElementsOf(acknowledged);
        for (int index : missing) {
          importer.importChunk(index, Files.readAllBytes(snapshot.resolve("chunk-" + index)));
        }
        assertThat(importer.isComplete()).isTrue();
        SnapshotFixture.assertSameState(state.head(), StateStore.open(kv).head(), addresses);
      }
    }
  }

  private static List<String> command(Path store, Path snapshot, long seed) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
        command.add(arg);
      }
    }
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ResumingImporter.class.getName());
    command.add(store.toString());
    command.add(snapshot.toString());
    command.add(Long.toString(seed));
    return command;
  }
}
