package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyAndMigrateTest {

  @TempDir
  Path dir;

  private Path store(String engine, int entries) {
    Path path = dir.resolve(engine);
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine(engine).path(path)
        .columnFamilies("blocks", "state").build())) {
      for (int i = 0; i < entries; i++) {
        byte[] key = ByteBuffer.allocate(8).putLong(i).array();
        byte[] value = ("value-" + i + "-".repeat(64)).getBytes(StandardCharsets.US_ASCII);
        kv.put(kv.columnFamily(i % 2 == 0 ? "blocks" : "state"), key, value);
      }
      kv.flush();
    }
    return path;
  }

  @Test
  void verifyReadsEveryFamilyOfAnIntactStore() {
    Cli.Run run = Cli.run("verify", "--path", store("rocksdb", 1000).toString());
    assertThat(run.code()).isZero();
    assertThat(run.out()).containsPattern("blocks\\s+500 entries ok").contains("verified 1,000 entries");
  }

  @Test
  void verifyOnLmdbRunsTheEnginesVerifier() {
    Cli.Run run = Cli.run("verify", "--path", store("lmdb", 100).toString(), "--json");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("\"ok\":true").contains("LmdbVerifier").contains("\"entries\":100");
  }

  @Test
  void verifyOfADamagedRocksDbTableExitsCorruption() throws Exception {
    Path path = store("rocksdb", 5000);
    Path sst;
    try (Stream<Path> files = Files.list(path)) {
      sst = files.filter(p -> p.toString().endsWith(".sst")).max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
          .orElseThrow();
    }
    try (RandomAccessFile file = new RandomAccessFile(sst.toFile(), "rw")) {
      for (long at = 100; at < file.length() / 2; at += 997) {
        file.seek(at);
        int b = file.read();
        file.seek(at);
        file.write(b ^ 0x5a);
      }
    }
    Cli.Run run = Cli.run("verify", "--path", path.toString());
    assertThat(run.code()).isEqualTo(ExitCode.CORRUPTION);
    assertThat(run.err()).contains("is damaged").doesNotContain("\tat ");
  }

  @Test
  void migrateCopiesEveryFamilyToAnotherEngineAndChecksTheCounts() {
    Path to = dir.resolve("copy");
    Cli.Run run = Cli.run("migrate", "--from", store("rocksdb", 2500).toString(), "--to", to.toString(), "--engine", "lmdb",
        "--batch-entries", "300");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("migrated 2,500 entries in 3 column families").contains("counts checked");
    // key 2499 (0x9c3) went to "state"; its value starts with "value-2499"
    assertThat(Cli.run("get", "--path", to.toString(), "--cf", "state", "--hex", "00000000000009c3").out())
        .startsWith("76616c75652d32343939");
    assertThat(EngineDetector.detect(to)).contains("lmdb");
  }

  @Test
  void migrateRefusesATargetWithData() throws Exception {
    Path to = Files.createDirectories(dir.resolve("copy"));
    Files.writeString(to.resolve("keep"), "x");
    Cli.Run run = Cli.run("migrate", "--from", store("mapdb", 10).toString(), "--to", to.toString(), "--engine", "rocksdb");
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("not empty");
    try (Stream<Path> files = Files.list(to)) {
      assertThat(files.toList()).hasSize(1);
    }
  }

  @Test
  void migrateToAnUnknownEngineIsAUsageErrorListingTheEngines() {
    Cli.Run run = Cli.run("migrate", "--from", store("mapdb", 10).toString(), "--to", dir.resolve("x").toString(),
        "--engine", "sqlite");
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("rocksdb");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void migrateFromNowhereIsNotFound() {
    assertThat(Cli.run("migrate", "--from", dir.resolve("none").toString(), "--to", dir.resolve("x").toString(),
        "--engine", "lmdb").code()).isEqualTo(ExitCode.NOT_FOUND);
  }
}
