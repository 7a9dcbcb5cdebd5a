package io.luxtensor.chain.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.testing.KilledChild;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a JVM that imports blocks and reorgs on RocksDB, at different moments, and checks after
 * reopening that every block is all there or absent, the head is a stored block and
 * {@code verify()} is clean: each import and each reorg is one atomic batch.
 */
class BlockStoreCrashTest {

  @ParameterizedTest(name = "killed after {0} acknowledged steps")
  @ValueSource(ints = {5, 23, 41})
  void everyBlockIsWholeOrAbsentAndIndexesVerifyAfterAKill(int acknowledgedSteps, @TempDir Path dir) throws Exception {
    Path stderr = Files.createTempFile(dir.getParent(), "crash-importer", ".log");
    Path storeDir = dir.resolve("store");
    int acknowledged = KilledChild.acknowledgementsBeforeTheKill(command(storeDir, acknowledgedSteps), stderr,
        acknowledgedSteps).size();
    assertThat(acknowledged).as("steps acknowledged before the kill; child stderr: %s", Files.readString(stderr))
        .isEqualTo(acknowledgedSteps);
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(storeDir).build())) {
      BlockStore store = BlockStore.open(kv);
      VerifyReport report = store.verify();

      assertThat(report.problems()).isEmpty();
      assertThat(report.storedBlocks()).isGreaterThanOrEqualTo(acknowledgedSteps / 2);
      assertThat(store.head()).isPresent();
      for (long h = 0; h <= store.bestHeight().getAsLong(); h++) {
        assertThat(store.blockAt(h)).isPresent();
      }
    }
    Files.deleteIfExists(stderr);
  }

  private static List<String> command(Path storeDir, long seed) {
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
    command.add(CrashImporter.class.getName());
    command.add(storeDir.toString());
    command.add(Long.toString(seed));
    return command;
  }
}
