package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the commands the other tests exercise mostly with good input. */
class BadInputTest {

  @TempDir
  Path dir;

  private String store() {
    Path path = dir.resolve("s");
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("mapdb").path(path).build())) {
      kv.put(kv.defaultColumnFamily(), new byte[] {1}, new byte[] {2});
    }
    return path.toString();
  }

  @Test
  void compactOfAnUnknownFamilyIsNotFound() {
    assertThat(Cli.run("compact", "--path", store(), "--cf", "nope").code()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void verifyOfAMissingStoreIsNotFound() {
    assertThat(Cli.run("verify", "--path", dir.resolve("none").toString()).code()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void deleteWithMalformedHexIsAUsageError() {
    assertThat(Cli.run("delete", "--path", store(), "--hex", "abc").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void scanWithANegativeLimitIsAUsageError() {
    assertThat(Cli.run("scan", "--path", store(), "--limit", "-1").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void statsWithANegativeCountIsAUsageError() {
    assertThat(Cli.run("stats", "--path", store(), "--count", "-2").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aNonNumericOptionValueIsAUsageError() {
    Cli.Run run = Cli.run("stats", "--path", store(), "--interval", "soon");
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("soon");
  }

  @Test
  void migrateWithAnEmptyBatchIsAUsageError() {
    assertThat(Cli.run("migrate", "--from", store(), "--to", dir.resolve("t").toString(), "--engine", "lmdb",
        "--batch-entries", "0").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void benchWithoutTimeIsAUsageError() {
    assertThat(Cli.run("bench", "--seconds", "0").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void chainImportWithTooManyTransactionsPerBlockIsAUsageError() {
    assertThat(Cli.run("chain", "import", "--path", dir.resolve("c").toString(), "--synthetic", "1", "--txs-per-block",
        "5000").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aBlockStoreWithoutBlocksHasNoHead() {
    Path path = dir.resolve("empty-chain");
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(path).build())) {
      BlockStore.open(kv);
    }
    Cli.Run run = Cli.run("chain", "head", "--path", path.toString());
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("has no head yet");
  }

  @Test
  void logsWithAMalformedAddressIsAUsageError() {
    Path path = dir.resolve("chain");
    assertThat(Cli.run("chain", "import", "--path", path.toString(), "--synthetic", "0").code()).isZero();
    Cli.Run run = Cli.run("chain", "logs", "--path", path.toString(), "--address", "0x12");
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("not a 20-byte address");
  }
}
