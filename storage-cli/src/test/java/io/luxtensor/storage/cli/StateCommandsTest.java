package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chain account} and {@code chain proof} over the state store the demo builds. */
class StateCommandsTest {

  @TempDir
  static Path dir;

  static String path;
  static String account;

  @BeforeAll
  static void demoBuildsAStateStore() {
    path = dir.resolve("demo").toString();
    Cli.Run run = Cli.run("demo", "--engine", "rocksdb", "--path", path, "--blocks", "3", "--txs-per-block", "2");
    assertThat(run.code()).as(run.err()).isZero();
    Matcher m = Pattern.compile("account    (0x[0-9a-f]{40})").matcher(run.out());
    assertThat(m.find()).isTrue();
    account = m.group(1);
  }

  @Test
  void accountAtTheHeadShowsTheGenesisBalanceLessItsTransfers() {
    Cli.Run run = Cli.run("chain", "account", "--path", path, account, "--json");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("{\"address\":\"" + account + "\",\"height\":3,").contains("\"nonce\":");
    assertThat(run.out()).doesNotContain("\"balance\":\"" + StateReplay.GENESIS_BALANCE + "\"");
  }

  @Test
  void accountAtGenesisHasTheGenesisBalanceAndNonceZero() {
    Cli.Run run = Cli.run("chain", "account", "--path", path, account, "--height", "0");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("nonce\\s+0\\n").containsPattern("balance\\s+" + StateReplay.GENESIS_BALANCE + "\\n");
  }

  @Test
  void proofVerifiesAgainstTheRootItPrints() {
    Cli.Run run = Cli.run("chain", "proof", "--path", path, account, "--slot", "0x0", "--json");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("\"accountProof\":[\"0x").contains("\"key\":\"0x" + "0".repeat(64) + "\"")
        .contains("\"verified\":true");
    assertThat(Cli.run("chain", "proof", "--path", path, account, "--height", "1").out())
        .containsPattern("height\\s+1\\n").contains("verified           yes");
  }

  @Test
  void aMissingAccountIsNotFoundButItsAbsenceIsProved() {
    String nobody = Address.fromHex("0x" + "ab".repeat(20)).toHex();
    Cli.Run account = Cli.run("chain", "account", "--path", path, nobody);
    assertThat(account.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(account.err()).contains("no account " + nobody);
    Cli.Run proof = Cli.run("chain", "proof", "--path", path, nobody);
    assertThat(proof.code()).as(proof.err()).isZero();
    assertThat(proof.out()).contains("a proof of absence");
  }

  @Test
  void aHeightOutsideTheStateIsNotFoundNamingTheKeptHeights() {
    Cli.Run run = Cli.run("chain", "account", "--path", path, account, "--height", "9");
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("heights 0..3");
  }

  @Test
  void aMalformedAddressOrSlotIsAUsageError() {
    Cli.Run address = Cli.run("chain", "account", "--path", path, "0x12");
    assertThat(address.code()).isEqualTo(ExitCode.USAGE);
    assertThat(address.err()).contains("not a 20-byte address");
    Cli.Run slot = Cli.run("chain", "proof", "--path", path, account, "--slot", "0xzz");
    assertThat(slot.code()).isEqualTo(ExitCode.USAGE);
    assertThat(slot.err()).contains("not a storage slot");
    assertThat(Cli.run("chain", "account", "--path", path, account, "--height", "one").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aStoreWithoutAStateStoreIsNotFound() {
    Path blocksOnly = dir.resolve("blocks-only");
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(blocksOnly).build())) {
      BlockStore.open(kv);
    }
    Cli.Run run = Cli.run("chain", "account", "--path", blocksOnly.toString(), account);
    assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).contains("holds no state store");
  }
}
