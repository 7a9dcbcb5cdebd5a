package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code snapshot export} and {@code snapshot import} over the state store the demo builds. */
class SnapshotCommandTest {

  @TempDir
  static Path dir;

  static String db;
  static Path snapshot;
  static String root;
  static String account;

  @BeforeAll
  static void demoBuildsAStateStoreAndItIsExported() {
    db = dir.resolve("demo").toString();
    Cli.Run demo = Cli.run("demo", "--engine", "rocksdb", "--path", db, "--blocks", "3", "--txs-per-block", "2");
    assertThat(demo.code()).as(demo.err()).isZero();
    Matcher a = Pattern.compile("account    (0x[0-9a-f]{40})").matcher(demo.out());
    assertThat(a.find()).isTrue();
    account = a.group(1);
    snapshot = dir.resolve("snapshot");
    Cli.Run export = Cli.run("snapshot", "export", "--db", db, "--out", snapshot.toString(), "--chunk-bytes", "300");
    assertThat(export.code()).as(export.err()).isZero();
    Matcher m = Pattern.compile("state root (0x[0-9a-f]{64})").matcher(export.out());
    assertThat(m.find()).as(export.out()).isTrue();
    root = m.group(1);
  }

  private static Path copyOfSnapshot(String name) throws IOException {
    Path copy = dir.resolve(name);
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(snapshot)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }

  @Test
  void exportWritesTheHeadAsAManifestAndSeveralChunks() {
    assertThat(Cli.run("chain", "account", "--path", db, account, "--json").out())
        .contains("\"height\":3,\"stateRoot\":\"" + root + "\"");
    assertThat(snapshot.resolve("manifest")).isRegularFile();
    assertThat(snapshot.resolve("chunk-000000")).isRegularFile();
    assertThat(snapshot.resolve("chunk-000001")).isRegularFile();
  }

  @Test
  void importIntoAnotherEngineGivesTheSameStateRoot() {
    String target = dir.resolve("imported-mapdb").toString();
    Cli.Run run = Cli.run("snapshot", "import", "--from", snapshot.toString(), "--db", target, "--engine", "mapdb", "--json");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("\"engine\":\"mapdb\"").contains("\"importedRoot\":\"" + root + "\"")
        .contains("\"rootMatches\":true");
    Cli.Run source = Cli.run("chain", "account", "--path", db, account, "--json");
    Cli.Run imported = Cli.run("chain", "account", "--path", target, account, "--json");
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).isEqualTo(source.out());
  }

  @Test
  void anOlderKeptHeightExportsAndImportsWithItsOwnRoot() {
    Path out = dir.resolve("snapshot-at-1");
    Cli.Run export = Cli.run("snapshot", "export", "--db", db, "--out", out.toString(), "--height", "1", "--json");
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).startsWith("{\"height\":1,").doesNotContain(root);
    Cli.Run run = Cli.run("snapshot", "import", "--from", out.toString(), "--db", dir.resolve("at-1").toString(),
        "--engine", "mapdb");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("imported height 1 ").contains("equals the manifest's");
  }

  @Test
  void aFlippedByteInAChunkIsCorruptionNamingTheChunk() throws IOException {
    Path damaged = copyOfSnapshot("damaged");
    Path chunk = damaged.resolve("chunk-000002");
    byte[] bytes = Files.readAllBytes(chunk);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(chunk, bytes);
    Cli.Run run = Cli.run("snapshot", "import", "--from", damaged.toString(), "--db", dir.resolve("from-damaged").toString(),
        "--engine", "mapdb");
    assertThat(run.code()).isEqualTo(ExitCode.CORRUPTION);
    assertThat(run.err().lines()).hasSize(1).first().asString().contains("chunk 2 (").contains("chunk-000002")
        .contains("SHA-256");
  }

  @Test
  void aRerunAfterAFailedImportResumesWithTheMissingChunks() throws IOException {
    Path damaged = copyOfSnapshot("resumed");
    Path chunk = damaged.resolve("chunk-000003");
    byte[] good = Files.readAllBytes(chunk);
    Files.write(chunk, new byte[] {1, 2, 3});
    String target = dir.resolve("resumed-db").toString();
    assertThat(Cli.run("snapshot", "import", "--from", damaged.toString(), "--db", target, "--engine", "mapdb").code())
        .isEqualTo(ExitCode.CORRUPTION);
    Files.write(chunk, good);
    Cli.Run run = Cli.run("snapshot", "import", "--from", damaged.toString(), "--db", target);
    assertThat(run.code()).as(run.err()).isZero();
    int chunks = (int) Files.list(snapshot).filter(p -> p.getFileName().toString().startsWith("chunk-")).count();
    assertThat(run.out()).contains((chunks - 3) + " of " + chunks + " chunks in this run").contains("equals the manifest's");
  }

  @Test
  void aMissingSnapshotDirectoryManifestOrChunkIsNotFound() throws IOException {
    assertThat(Cli.run("snapshot", "import", "--from", dir.resolve("nowhere").toString(), "--db",
        dir.resolve("x1").toString()).code()).isEqualTo(ExitCode.NOT_FOUND);
    Path noManifest = copyOfSnapshot("no-manifest");
    Files.delete(noManifest.resolve("manifest"));
    Cli.Run run = Cli.run("snapshot", "import", "--from", noManifest.toString(), "--db", dir.resolve("x2").toString());
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("no snapshot manifest");
    Path noChunk = copyOfSnapshot("no-chunk");
    Files.delete(noChunk.resolve("chunk-000001"));
    Cli.Run missing = Cli.run("snapshot", "import", "--from", noChunk.toString(), "--db", dir.resolve("x3").toString(),
        "--engine", "mapdb");
    assertThat(missing.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(missing.err()).contains("chunk 1 of the snapshot is missing");
  }

  @Test
  void aDamagedManifestIsCorruption() throws IOException {
    Path bad = copyOfSnapshot("bad-manifest");
    Files.write(bad.resolve("manifest"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
    Cli.Run run = Cli.run("snapshot", "import", "--from", bad.toString(), "--db", dir.resolve("x4").toString());
    assertThat(run.code()).isEqualTo(ExitCode.CORRUPTION);
    assertThat(run.err()).contains("manifest").contains("damaged");
    Path trailing = copyOfSnapshot("trailing-manifest");
    Files.write(trailing.resolve("manifest"), new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    Cli.Run longer = Cli.run("snapshot", "import", "--from", trailing.toString(), "--db", dir.resolve("x6").toString());
    assertThat(longer.code()).isEqualTo(ExitCode.CORRUPTION);
    assertThat(longer.err()).contains("trailing bytes");
  }

  @Test
  void exportOfAStoreOrHeightWithoutStateIsNotFound() {
    assertThat(Cli.run("snapshot", "export", "--db", dir.resolve("nowhere").toString(), "--out",
        dir.resolve("o1").toString()).code()).isEqualTo(ExitCode.NOT_FOUND);
    Cli.Run run = Cli.run("snapshot", "export", "--db", db, "--out", dir.resolve("o2").toString(), "--height", "99");
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("height 99 is not kept").contains("0..3");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(Cli.run("snapshot").code()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("snapshot", "export", "--db", db).code()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("snapshot", "export", "--db", db, "--out", dir.resolve("o3").toString(), "--chunk-bytes", "0")
        .code()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("snapshot", "export", "--db", db, "--out", dir.resolve("o4").toString(), "--chunk-bytes", "many")
        .code()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("snapshot", "export", "--db", db, "--out", snapshot.toString()).err()).contains("not empty");
    assertThat(Cli.run("snapshot", "import", "--from", snapshot.toString()).code()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("snapshot", "import", "--from", snapshot.toString(), "--db", dir.resolve("x5").toString(),
        "--engine", "nosuchengine").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void importIntoAStoreThatHoldsStateIsAUsageError() {
    Cli.Run run = Cli.run("snapshot", "import", "--from", snapshot.toString(), "--db", db);
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("already holds state");
  }
}
