package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreCommandsTest {

  @TempDir
  Path dir;

  private String store(String engine) {
    Path path = dir.resolve(engine);
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine(engine).path(path)
        .columnFamilies("accounts").build())) {
      for (int i = 0; i < 50; i++) {
        kv.put(kv.columnFamily("accounts"), ("acct:" + (char) ('a' + i % 26) + i).getBytes(StandardCharsets.UTF_8),
            Integer.toString(i).getBytes(StandardCharsets.UTF_8));
      }
      kv.put(kv.defaultColumnFamily(), new byte[] {0, (byte) 0xff}, new byte[] {1, 2, 3});
    }
    return path.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "lmdb", "mapdb"})
  void putThenGetRoundTripsOnEveryPersistentEngineWithTheEngineRecognised(String engine) {
    String path = store(engine);
    assertThat(Cli.run("put", "--path", path, "--cf", "accounts", "acct:zed", "99").code()).isZero();
    Cli.Run get = Cli.run("get", "--path", path, "--cf", "accounts", "acct:zed");
    assertThat(get.code()).isZero();
    assertThat(get.out().trim()).isEqualTo("99");
  }

  @Test
  void getOfAnAbsentKeyExitsNotFound() {
    Cli.Run run = Cli.run("get", "--path", store("rocksdb"), "nope");
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("no value under key nope");
  }

  @Test
  void hexKeysAndValuesRoundTripAndBinaryValuesPrintAsHexByDefault() {
    String path = store("rocksdb");
    assertThat(Cli.run("get", "--path", path, "--hex", "0x00ff").out().trim()).isEqualTo("010203");
    assertThat(Cli.run("get", "--path", path, "--hex", "00ff").out().trim()).isEqualTo("010203");
    assertThat(Cli.run("scan", "--path", path).out()).contains("0x00ff\t0x010203");
  }

  @Test
  void getWithJsonPrintsKeyAndValue() {
    Cli.Run run = Cli.run("get", "--path", store("rocksdb"), "--cf", "accounts", "--json", "acct:a0");
    assertThat(run.out().trim()).isEqualTo("{\"cf\":\"accounts\",\"key\":\"acct:a0\",\"value\":\"0\"}");
  }

  @Test
  void malformedHexIsAUsageErrorSayingWhatHexLooksLike() {
    Cli.Run run = Cli.run("get", "--path", store("rocksdb"), "--hex", "0xzz");
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("is not hex").doesNotContain("Exception");
  }

  @Test
  void hexAndUtf8TogetherAreAUsageError() {
    assertThat(Cli.run("get", "--path", store("rocksdb"), "--hex", "--utf8", "00").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void deleteRemovesTheKey() {
    String path = store("mapdb");
    assertThat(Cli.run("delete", "--path", path, "--cf", "accounts", "acct:a0").code()).isZero();
    assertThat(Cli.run("get", "--path", path, "--cf", "accounts", "acct:a0").code()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void scanPrintsAPrefixInKeyOrderUpToTheLimit() {
    Cli.Run run = Cli.run("scan", "--path", store("lmdb"), "--cf", "accounts", "--prefix", "acct:b", "--limit", "2");
    assertThat(run.out()).isEqualTo("acct:b1\t1\nacct:b27\t27\n");
  }

  @Test
  void scanInReverseWithJsonPrintsOneObjectPerLine() {
    Cli.Run run = Cli.run("scan", "--path", store("rocksdb"), "--cf", "accounts", "--from", "acct:a", "--to", "acct:b",
        "--reverse", "--json");
    assertThat(run.out().lines()).containsExactly("{\"key\":\"acct:a26\",\"value\":\"26\"}",
        "{\"key\":\"acct:a0\",\"value\":\"0\"}");
  }

  @Test
  void scanWithPrefixAndRangeIsAUsageError() {
    assertThat(Cli.run("scan", "--path", store("rocksdb"), "--prefix", "a", "--from", "b").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void anUnknownColumnFamilyIsNotFoundListingTheFamilies() {
    Cli.Run run = Cli.run("scan", "--path", store("rocksdb"), "--cf", "acounts");
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("no column family \"acounts\"").contains("accounts");
  }

  @Test
  void aPathThatDoesNotExistIsNotFound() {
    Cli.Run run = Cli.run("inspect", "--path", dir.resolve("missing").toString());
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("the directory does not exist");
  }

  @Test
  void aDirectoryWithoutAStoreIsNotFoundNamingTheFilesLookedFor() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    Cli.Run run = Cli.run("inspect", "--path", dir.resolve("empty").toString());
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("data.mdb").contains("--engine");
  }

  @Test
  void aFileInsteadOfADirectoryIsNotFound() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThat(Cli.run("inspect", "--path", file.toString()).err()).contains("it is a file");
  }

  @Test
  void anUnknownEngineIsAUsageErrorListingTheEnginesFound() {
    Cli.Run run = Cli.run("inspect", "--path", store("rocksdb"), "--engine", "rockdb");
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("rockdb").contains("lmdb").contains("mapdb").contains("memory").doesNotContain("\tat ");
  }

  @Test
  @SuppressWarnings("try") // the open handle is the lock the test needs
  void aStoreLockedByAnotherHandleExitsLockedNamingTheHolder() {
    String path = store("rocksdb");
    try (KeyValueStore held = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(Path.of(path)).build())) {
      Cli.Run run = Cli.run("put", "--path", path, "k", "v");
      assertThat(run.code()).isEqualTo(ExitCode.LOCKED);
      assertThat(run.err()).contains("is in use").contains("pid " + ProcessHandle.current().pid());
    }
  }

  @Test
  @SuppressWarnings("try") // the open handle is the lock the test needs
  void verboseAddsTheStackTrace() {
    String path = store("rocksdb");
    try (KeyValueStore held = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(Path.of(path)).build())) {
      assertThat(Cli.run("put", "--path", path, "k", "v").err()).doesNotContain("\tat ");
      assertThat(Cli.run("put", "--verbose", "--path", path, "k", "v").err()).contains("\tat ");
    }
  }

  @Test
  void putWithCreateMakesANewStore() {
    String path = dir.resolve("new").toString();
    assertThat(Cli.run("put", "--path", path, "--engine", "mapdb", "--create", "k", "v").code()).isZero();
    assertThat(Cli.run("get", "--path", path, "k").out().trim()).isEqualTo("v");
  }

  @Test
  void putWithoutCreateRefusesAMissingStore() {
    assertThat(Cli.run("put", "--path", dir.resolve("new").toString(), "k", "v").code()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void inspectCountsEntriesPerColumnFamily() {
    Cli.Run run = Cli.run("inspect", "--path", store("rocksdb"));
    assertThat(run.code()).isZero();
    assertThat(run.out()).containsPattern("accounts\\s+50\\s").containsPattern("default\\s+1\\s")
        .contains("rocksdb.estimate-num-keys").contains("diskUsageBytes");
  }

  @Test
  void inspectWithJsonGivesFamiliesAndProperties() {
    Cli.Run run = Cli.run("inspect", "--path", store("lmdb"), "--json");
    assertThat(run.out()).contains("\"engine\":\"lmdb\"").contains("{\"name\":\"accounts\",\"entries\":50,")
        .contains("\"sizeOnDiskBytes\":");
  }

  @Test
  void statsWatchRefreshesTheGivenNumberOfTimes() {
    Cli.Run run = Cli.run("stats", "--path", store("rocksdb"), "--watch", "--interval", "0.01", "--count", "3", "--json");
    assertThat(run.code()).isZero();
    assertThat(run.out().lines()).hasSize(3).allMatch(l -> l.startsWith("{\"time\":") && l.contains("\"reads\":"));
  }

  @Test
  void statsOnceAsATable() {
    assertThat(Cli.run("stats", "--path", store("mapdb")).out()).contains("(mapdb)").contains("writesPerSecond");
  }

  @Test
  void statsRejectsANonPositiveInterval() {
    assertThat(Cli.run("stats", "--path", store("mapdb"), "--interval", "0").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void compactReportsTheSizesAndKeepsTheData() {
    String path = store("rocksdb");
    Cli.Run run = Cli.run("compact", "--path", path, "--json");
    assertThat(run.out()).contains("\"columnFamilies\":[\"default\",\"accounts\"]").contains("\"bytesAfter\":");
    assertThat(Cli.run("get", "--path", path, "--cf", "accounts", "acct:a0").out().trim()).isEqualTo("0");
    assertThat(Cli.run("compact", "--path", path, "--cf", "accounts").out()).contains("compacted [accounts]");
  }
}
