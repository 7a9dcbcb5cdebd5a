package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.storage.EngineNotFoundException;
import io.luxtensor.storage.InvalidKeyException;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.UnknownColumnFamilyException;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The less travelled paths: JSON variants, engines named explicitly, helpers' corner cases. */
class EdgeCasesTest {

  @TempDir
  Path dir;

  private Path store(String engine, int entries) {
    Path path = dir.resolve(engine + entries);
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine(engine).path(path).columnFamilies("a").build())) {
      for (int i = 0; i < entries; i++) {
        kv.put(kv.columnFamily("a"), new byte[] {(byte) (i >> 8), (byte) i}, new byte[50]);
      }
    }
    return path;
  }

  @Test
  void migrateIntoAnEmptyDirectoryInByteBoundedBatchesWithJson() throws Exception {
    Path to = Files.createDirectories(dir.resolve("empty"));
    Cli.Run run = Cli.run("migrate", "--from", store("mapdb", 300).toString(), "--from-engine", "mapdb", "--to",
        to.toString(), "--engine", "rocksdb", "--batch-bytes", "1000", "--json");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("\"entriesPerFamily\":{\"default\":0,\"a\":300}").contains("\"entries\":300");
  }

  @Test
  void anEngineNamedInUpperCaseIsFound() {
    assertThat(Cli.run("inspect", "--path", store("lmdb", 3).toString(), "--engine", "LMDB").code()).isZero();
  }

  @Test
  void statsWatchAsATableRepeats() {
    Cli.Run run = Cli.run("stats", "--path", store("rocksdb", 3).toString(), "--watch", "--interval", "0.01", "--count", "2");
    assertThat(run.out().split("\\(rocksdb\\)", -1)).hasSize(3);
    assertThat(run.out()).contains("rocksdb.estimate-num-keys");
  }

  @Test
  void putWithCreateIntoAnExistingStoreKeepsItsEngine() {
    Path path = store("lmdb", 1);
    assertThat(Cli.run("put", "--path", path.toString(), "--create", "--cf", "fresh", "k", "v").code()).isZero();
    assertThat(Cli.run("get", "--path", path.toString(), "--cf", "fresh", "k").out().trim()).isEqualTo("v");
    assertThat(EngineDetector.detect(path)).contains("lmdb");
  }

  @Test
  void putWithCreateAndNoEngineUsesTheDefaultEngine() {
    Path path = dir.resolve("fresh");
    assertThat(Cli.run("put", "--path", path.toString(), "--create", "k", "v").code()).isZero();
    assertThat(EngineDetector.detect(path)).contains("rocksdb");
  }

  @Test
  void verifyAsJsonOnRocksDb() {
    assertThat(Cli.run("verify", "--path", store("rocksdb", 20).toString(), "--json").out())
        .contains("\"entriesPerFamily\":{\"default\":0,\"a\":20}");
  }

  @Test
  void chainVerifyAsJsonAndAFileImportOfKnownBlocks() throws Exception {
    Path path = dir.resolve("chain");
    ByteArrayOutputStream export = new ByteArrayOutputStream();
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("memory").build())) {
      SyntheticChain chain = new SyntheticChain(BlockStore.open(kv).roots(), 1);
      for (int i = 0; i < 3; i++) {
        export.write(chain.next().block().encoded());
      }
    }
    Path file = Files.write(dir.resolve("blocks.rlp"), export.toByteArray());
    assertThat(Cli.run("chain", "import", "--path", path.toString(), "--engine", "mapdb", "--file", file.toString()).code())
        .isZero();
    Cli.Run again = Cli.run("chain", "import", "--path", path.toString(), "--file", file.toString(), "--json");
    assertThat(again.out()).contains("\"imported\":0,\"alreadyKnown\":3,");
    assertThat(Cli.run("chain", "verify", "--path", path.toString(), "--json").out()).contains("\"ok\":true")
        .contains("\"canonicalBlocks\":3");
  }

  @Test
  void aFileWhoseBlockDoesNotFollowItsParentIsRejectedKeepingTheBlocksBefore() throws Exception {
    ByteArrayOutputStream export = new ByteArrayOutputStream();
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("memory").build())) {
      SyntheticChain chain = new SyntheticChain(BlockStore.open(kv).roots(), 1);
      export.write(chain.next().block().encoded());
      chain.next();
      export.write(chain.next().block().encoded()); // block 2 without block 1
    }
    Path file = Files.write(dir.resolve("gap.rlp"), export.toByteArray());
    Cli.Run run = Cli.run("chain", "import", "--path", dir.resolve("c").toString(), "--file", file.toString());
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("block 1 of").contains("the 1 blocks before it were imported");
  }

  @Test
  void theDemoWithOnlyAGenesisSkipsTheLookups() {
    Cli.Run run = Cli.run("demo", "--engine", "memory", "--blocks", "0");
    assertThat(run.out()).contains("head       #0 ").doesNotContain("tx lookup");
  }

  @Test
  void failuresMapToExitCodesByKind() {
    assertThat(ErrorReporter.exitCodeOf(new EngineNotFoundException("x", List.of()))).isEqualTo(ExitCode.USAGE);
    assertThat(ErrorReporter.exitCodeOf(new InvalidKeyException(600, 511, "lmdb"))).isEqualTo(ExitCode.USAGE);
    assertThat(ErrorReporter.exitCodeOf(new UnknownColumnFamilyException("x", "no family x"))).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(ErrorReporter.exitCodeOf(new CliException(ExitCode.LOCKED, "x"))).isEqualTo(ExitCode.LOCKED);
  }

  @Test
  void anUnexpectedExceptionIsReportedAsABugWithItsType() {
    StringWriter err = new StringWriter();
    CommandLine cli = LuxDb.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code = new ErrorReporter().handleExecutionException(new IllegalStateException(), cli, null);
    assertThat(code).isEqualTo(ExitCode.INTERNAL);
    assertThat(err.toString()).contains("unexpected java.lang.IllegalStateException").contains("this is a bug");
  }

  @Test
  void aVisibleProgressBarCountsItsSteps() {
    try (Progress bar = Progress.visible("test", 10, "things")) {
      bar.step(4);
      assertThat(bar.current()).isEqualTo(4);
    }
    try (Progress silent = Progress.start(false, "test", 10, "things")) {
      silent.step(4);
      assertThat(silent.current()).isEqualTo(-1);
    }
  }

  @Test
  void lockHoldersNameAnotherProcessWithItsCommandLine() throws Exception {
    Path held = Files.writeString(Files.createDirectories(dir.resolve("held")).resolve("LOCK"), "");
    Process tail = new ProcessBuilder("tail", "-f", held.toString()).start();
    try {
      List<String> holders = List.of();
      for (int i = 0; i < 100 && holders.isEmpty(); i++) { // until tail has opened the file
        holders = LockHolders.of(dir.resolve("held"));
        Thread.sleep(20);
      }
      assertThat(holders).singleElement().asString().startsWith("pid " + tail.pid() + " (tail -f ");
    } finally {
      tail.destroy();
      tail.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStoreNobodyHoldsHasNoHolders() {
    assertThat(LockHolders.of(dir.resolve("nothing-here"))).isEmpty();
  }

  @Test
  void benchResultRatiosAreNaNWhereUnknown() {
    BenchResult memory = new BenchResult("memory", Map.of(), Map.of(), 1, 100, -1, 0, -1, -1, -1);
    assertThat(memory.spaceAmplification()).isNaN();
    assertThat(memory.compressionSavings()).isNaN();
    assertThat(memory.osWriteAmplification()).isNaN();
    assertThat(memory.statisticsWriteAmplification()).isNaN();
    BenchResult rocks = new BenchResult("rocksdb", Map.of(), Map.of(), 1, 100, 50, 100, 300, 100, 50);
    assertThat(rocks.statisticsWriteAmplification()).isEqualTo(2.5);
    assertThat(rocks.osWriteAmplification()).isEqualTo(3.0);
    StringWriter out = new StringWriter();
    BenchReport.print(new PrintWriter(out, true), List.of(rocks, memory));
    assertThat(out.toString()).contains("WA 2.50x");
  }
}
