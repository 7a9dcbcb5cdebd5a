package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainCommandTest {

  @TempDir
  Path dir;

  private String imported(int blocks) {
    String path = dir.resolve("chain").toString();
    Cli.Run run = Cli.run("chain", "import", "--path", path, "--engine", "rocksdb", "--synthetic", Integer.toString(blocks),
        "--txs-per-block", "3");
    assertThat(run.code()).as(run.err()).isZero();
    return path;
  }

  @Test
  void syntheticImportReportsThroughputAndTheHead() {
    Cli.Run run = Cli.run("chain", "import", "--path", dir.resolve("c").toString(), "--synthetic", "4", "--txs-per-block", "2",
        "--json");
    assertThat(run.out()).contains("\"imported\":5,").contains("\"transactions\":8,").contains("\"headNumber\":4,");
  }

  @Test
  void importingTheSameSyntheticChainAgainFindsEveryBlockKnown() {
    String path = imported(3);
    Cli.Run again = Cli.run("chain", "import", "--path", path, "--synthetic", "3", "--txs-per-block", "3");
    assertThat(again.out()).contains("imported 0 blocks (4 already known)");
  }

  @Test
  void headBlockTxAndLogsQueryTheImportedChain() {
    String path = imported(5);
    assertThat(Cli.run("chain", "head", "--path", path).out()).containsPattern("number\\s+5\\n");
    Cli.Run block = Cli.run("chain", "block", "--path", path, "3", "--json");
    assertThat(block.out()).contains("\"number\":3,");
    Matcher tx = Pattern.compile("\"transactions\":\\[\"(0x[0-9a-f]{64})\"").matcher(block.out());
    assertThat(tx.find()).isTrue();
    Matcher hash = Pattern.compile("\"hash\":\"(0x[0-9a-f]{64})\"").matcher(block.out());
    assertThat(hash.find()).isTrue();
    assertThat(Cli.run("chain", "block", "--path", path, hash.group(1)).out()).containsPattern("number\\s+3\\n");
    assertThat(Cli.run("chain", "tx", "--path", path, tx.group(1)).out()).containsPattern("blockNumber\\s+3\\n")
        .containsPattern("status\\s+success");
    Cli.Run logs = Cli.run("chain", "logs", "--path", path, "--address", SyntheticChain.EMITTER.toString(), "--from", "2",
        "--to", "3", "--json");
    assertThat(logs.out().lines()).hasSize(7).last().isEqualTo("{\"next\":null}");
    Cli.Run page = Cli.run("chain", "logs", "--path", path, "--topic", SyntheticChain.TRANSFER_TOPIC.toHex(), "--limit", "4");
    assertThat(page.out()).contains("more: --cursor");
    assertThat(Cli.run("chain", "verify", "--path", path).out()).contains("indexes consistent");
  }

  @Test
  void anUnknownBlockOrTransactionIsNotFound() {
    String path = imported(1);
    assertThat(Cli.run("chain", "block", "--path", path, "99").code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(Cli.run("chain", "tx", "--path", path, "0x" + "ab".repeat(32)).code()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void aMalformedHashIsAUsageError() {
    Cli.Run run = Cli.run("chain", "tx", "--path", imported(1), "0x1234");
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("not a 32-byte hash");
  }

  @Test
  void logsNeedAnAddressOrATopic() {
    assertThat(Cli.run("chain", "logs", "--path", imported(1)).code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aStoreWithoutABlockStoreIsNotFound() {
    Path plain = dir.resolve("plain");
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("mapdb").path(plain).build())) {
      kv.put(kv.defaultColumnFamily(), new byte[] {1}, new byte[] {2});
    }
    Cli.Run run = Cli.run("chain", "head", "--path", plain.toString());
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("holds no block store");
  }

  @Test
  void importsAGzippedGethExportFile() throws Exception {
    Path source = dir.resolve("source");
    ByteArrayOutputStream export = new ByteArrayOutputStream();
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("memory").build())) {
      SyntheticChain chain = new SyntheticChain(BlockStore.open(kv).roots(), 2);
      for (int i = 0; i < 4; i++) {
        export.write(chain.next().block().encoded());
      }
    }
    Path file = dir.resolve("blocks.rlp.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(export.toByteArray());
    }
    Cli.Run run = Cli.run("chain", "import", "--path", source.toString(), "--file", file.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("imported 4 blocks").contains("head 3 ");
  }

  @Test
  void aFileThatIsNotRlpBlocksIsRejectedSayingWhere() throws Exception {
    Path file = Files.writeString(dir.resolve("junk.rlp"), "hello");
    Cli.Run run = Cli.run("chain", "import", "--path", dir.resolve("s").toString(), "--file", file.toString());
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("byte 0").contains("geth export");
  }

  @Test
  void aTruncatedFileIsRejected() throws Exception {
    Path file = Files.write(dir.resolve("cut.rlp"), new byte[] {(byte) 0xf9, 0x10, 0x00, (byte) 0xc0});
    assertThat(Cli.run("chain", "import", "--path", dir.resolve("s").toString(), "--file", file.toString()).err())
        .contains("truncated");
  }

  @Test
  void aMissingBlockFileIsNotFound() {
    assertThat(Cli.run("chain", "import", "--path", dir.resolve("s").toString(), "--file", dir.resolve("none").toString())
        .code()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void importNeedsExactlyOneSource() {
    assertThat(Cli.run("chain", "import", "--path", dir.resolve("s").toString()).code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void chainWithoutACommandIsAUsageErrorListingTheCommands() {
    Cli.Run run = Cli.run("chain");
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("import, head, block, tx, logs, verify, account or proof");
  }
}
