package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LuxDbTest {

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Cli.Run run = Cli.run("--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("inspect").contains("migrate").contains("bench").contains("chain")
        .contains("backup")
        .contains("Exit codes:").contains("4  locked").contains("7  wrong key");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Cli.Run run = Cli.run("inspct");
    assertThat(run.code()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("inspct").contains("inspect").contains("--help");
  }

  @Test
  void everyCommandHasHelpWithTheExitCodes() {
    for (String[] command : new String[][] {{"scan"}, {"get"}, {"bench"}, {"chain", "logs"}, {"migrate"}}) {
      String[] args = Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      Cli.Run run = Cli.run(args);
      assertThat(run.code()).as(String.join(" ", args)).isZero();
      assertThat(run.out()).contains("Usage: luxdb " + String.join(" ", command)).contains("4  locked");
    }
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() {
    assertThat(Cli.run("get", "key").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void enginesListsEveryEngineOnTheClasspath() {
    assertThat(Cli.run("engines").out()).contains("rocksdb").contains("lmdb").contains("mapdb").contains("memory");
  }

  @Test
  void enginesAsJsonGivesNamesAndCapabilities() {
    assertThat(Cli.run("engines", "--json").out()).startsWith("[{\"name\":\"rocksdb\",").contains("\"TRANSACTIONS\"");
  }

  @Test
  void exitCodesMapFailuresByKind() {
    assertThat(ErrorReporter.exitCodeOf(new io.luxtensor.storage.CorruptionException("x"))).isEqualTo(ExitCode.CORRUPTION);
    assertThat(ErrorReporter.exitCodeOf(new io.luxtensor.storage.StorageException("x"))).isEqualTo(ExitCode.STORAGE_ERROR);
    assertThat(ErrorReporter.exitCodeOf(new IllegalArgumentException("x"))).isEqualTo(ExitCode.USAGE);
    assertThat(ErrorReporter.exitCodeOf(new IllegalStateException("x"))).isEqualTo(ExitCode.INTERNAL);
    assertThat(ErrorReporter.exitCodeOf(new io.luxtensor.storage.backup.WrongBackupKeyException("x")))
        .isEqualTo(ExitCode.WRONG_KEY);
  }
}
