package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @Test
  void demoOnTheMemoryEngineShowsSnapshotIsolationTheTransferAndTheChain() {
    Cli.Run run = Cli.run("demo", "--engine", "memory", "--blocks", "3", "--txs-per-block", "2");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("engine     memory")
        .contains("snapshot   alice=100 bob=50")
        .contains("live       alice=70 bob=80")
        .contains("deleted    [acct:c, acct:d) -> acct:alice=70 acct:bob=80")
        .contains("imported 4 blocks and 6 signed transactions")
        .contains("head       #3 0x")
        .contains("-> block #3 index 0")
        .contains("logs       6 logs")
        .contains("state      applied 4 blocks and 6 transfers to the state store")
        .containsPattern("root       #3 0x[0-9a-f]{64}\n")
        .containsPattern("account    0x[0-9a-f]{40} nonce \\d+ balance \\d+\n")
        .containsPattern("proof      \\d+ trie nodes, verified against the state root of #3");
  }

  @Test
  void demoOnTheDefaultEngineReopensAPersistentStore(@TempDir Path dir) {
    Cli.Run run = Cli.run("demo", "--path", dir.resolve("store").toString(), "--blocks", "2");
    assertThat(run.out()).contains("engine     rocksdb").contains("reopened   acct:alice=70 acct:bob=80");
  }

  @Test
  void demoRejectsANegativeBlockCount() {
    assertThat(Cli.run("demo", "--engine", "memory", "--blocks", "-1").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void demoOnAnUnknownEngineListsTheEnginesFound() {
    Cli.Run run = Cli.run("demo", "--engine", "rockdb");
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("rocksdb").contains("memory");
  }
}
