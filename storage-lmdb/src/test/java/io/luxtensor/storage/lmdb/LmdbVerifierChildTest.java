package io.luxtensor.storage.lmdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol of the verifier's child ({@link LmdbVerifier#main}), which {@link LmdbVerifier#verifyInChildJvm}
 * parses: run as its own JVM, exactly as the verifier runs it, it prints one {@code family} line per
 * column family and {@code ok <entries>} exiting 0, or one {@code corrupt}, {@code failed} or
 * {@code error} line exiting 3, 4 or 5. The child gets this JVM's Java agents (the coverage agent when
 * there is one), so what it runs is measured too.
 */
class LmdbVerifierChildTest {

  private static final byte[] MARKER = "marker-value-0123456789".getBytes(UTF_8);

  @TempDir
  Path dir;

  private record Outcome(int exit, List<String> out) {}

  private Outcome runChild(Path store, String checkPages) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("-javaagent:")).forEach(command::add);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LmdbVerifier.class.getName());
    command.add(store.toString());
    command.add(checkPages);
    Path out = dir.resolve("child-stdout");
    Process child = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(dir.resolve("child-stderr").toFile()).start();
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
    return new Outcome(child.exitValue(), Files.readAllLines(out, UTF_8));
  }

  private Path store() {
    Path store = dir.resolve("store");
    StorageConfig config = StorageConfig.builder().engine("lmdb").path(store).mapSizeBytes(1 << 20)
        .columnFamilies("default", "blöcks").build();
    try (KeyValueStore kv = StorageEngines.open(config)) {
      kv.put(kv.defaultColumnFamily(), "a".getBytes(UTF_8), MARKER);
      kv.put(kv.columnFamily("blöcks"), "b".getBytes(UTF_8), "1".getBytes(UTF_8));
      kv.put(kv.columnFamily("blöcks"), "c".getBytes(UTF_8), "2".getBytes(UTF_8));
    }
    return store;
  }

  @Test
  void anIntactStoreGivesOneLinePerFamilyWithItsHexNameAndTheTotalExitingZero() throws Exception {
    Outcome outcome = runChild(store(), "always");
    HexFormat hex = HexFormat.of();
    assertThat(outcome.exit()).isZero();
    assertThat(outcome.out()).containsExactly(
        "family 2 " + hex.formatHex("blöcks".getBytes(UTF_8)),
        "family 1 " + hex.formatHex("default".getBytes(UTF_8)),
        "ok 3");
  }

  @Test
  void aValueFailingItsChecksumGivesACorruptLineExitingThree() throws Exception {
    Path store = store();
    Path data = store.resolve(LmdbPaths.DATA_FILE);
    byte[] bytes = Files.readAllBytes(data);
    int flipped = 0;
    for (int i = 0; i + MARKER.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + MARKER.length, MARKER, 0, MARKER.length)) {
        bytes[i + MARKER.length / 2] ^= 0x01;
        flipped++;
      }
    }
    assertThat(flipped).as("copies of the value flipped").isPositive();
    Files.write(data, bytes);
    Outcome outcome = runChild(store, "always");
    assertThat(outcome.exit()).isEqualTo(3);
    assertThat(outcome.out()).singleElement().asString().startsWith("corrupt ").contains(store.toString());
  }

  @Test
  void aDirectoryWithoutAStoreGivesAFailedLineExitingFour() throws Exception {
    Path absent = dir.resolve("absent");
    Outcome outcome = runChild(absent, "always");
    assertThat(outcome.exit()).isEqualTo(4);
    assertThat(outcome.out()).singleElement().asString().startsWith("failed ").contains(absent.toString());
  }

  @Test
  void anythingButAStorageExceptionGivesAnErrorLineExitingFive() throws Exception {
    Outcome outcome = runChild(store(), "sometimes");
    assertThat(outcome.exit()).isEqualTo(5);
    assertThat(outcome.out()).singleElement().asString()
        .startsWith("error java.lang.IllegalArgumentException").contains("lmdb.check_pages");
  }
}
