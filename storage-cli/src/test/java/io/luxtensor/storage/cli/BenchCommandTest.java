package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

  @TempDir
  Path dir;

  @Test
  void aTinyBenchReportsEveryWorkloadSizesAndWritesAPngChart() throws Exception {
    Path chart = dir.resolve("chart.png");
    Cli.Run run = Cli.run("bench", "--engine", "rocksdb,memory", "--entries", "2000", "--seconds", "0.5", "--dir",
        dir.toString(), "--chart", chart.toString(), "--json");
    assertThat(run.code()).as(run.err()).isZero();
    for (BenchWorkload w : BenchWorkload.values()) {
      assertThat(run.out()).contains("\"" + w.name() + "\":{\"label\":");
    }
    assertThat(run.out()).contains("\"engine\":\"rocksdb\"").contains("\"rocksdbCompactionBytesWritten\":")
        .contains("\"spaceAmplification\":");
    byte[] png = Files.readAllBytes(chart);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    try (var files = Files.list(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("luxdb-bench-"))).isEmpty();
    }
  }

  @Test
  void theTablePrintsTargetsAndSizes() {
    Cli.Run run = Cli.run("bench", "--engine", "lmdb", "--entries", "1000", "--seconds", "0.2", "--dir", dir.toString(),
        "--chart", dir.resolve("c.png").toString());
    assertThat(run.out()).contains("synced transaction commits").contains("2,000").contains("disk/raw")
        .contains("note: lmdb, uncached reads: LMDB has no cache of its own");
  }

  @Test
  void tooFewEntriesIsAUsageError() {
    assertThat(Cli.run("bench", "--entries", "10").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void anUnknownEngineIsAUsageErrorBeforeAnyWork() {
    Cli.Run run = Cli.run("bench", "--engine", "sqlite", "--dir", dir.toString());
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("lmdb");
  }
}
