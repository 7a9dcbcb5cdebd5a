package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new LuxDb());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute(args)).isZero();
    return out.toString();
  }

  @Test
  void demoOnTheMemoryEngineShowsSnapshotIsolationAndTheTransfer() {
    String out = run("demo", "--engine", "memory");
    assertThat(out).contains("engine     memory")
        .contains("snapshot   alice=100 bob=50")
        .contains("live       alice=70 bob=80")
        .contains("deleted    [acct:c, acct:d) -> acct:alice=70 acct:bob=80");
  }

  @Test
  void demoOnTheDefaultEngineReopensAPersistentStore(@TempDir Path dir) {
    String out = run("demo", "--path", dir.resolve("store").toString());
    assertThat(out).contains("reopened   acct:alice=70 acct:bob=80");
  }

  @Test
  void enginesListsEveryEngineOnTheClasspath() {
    assertThat(run("engines")).contains("rocksdb").contains("lmdb").contains("mapdb").contains("memory");
  }
}
