package io.luxtensor.storage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Engine-neutral backups through {@code io.luxtensor.storage.backup.Backups}: create, list, verify, restore, prune, rekey. */
@Command(name = "backup", description = "Back up a store, list, verify, restore (into any engine, or to a point in time), prune and rekey backups.",
    subcommands = {BackupCreateCommand.class, BackupListCommand.class, BackupVerifyCommand.class,
        BackupRestoreCommand.class, BackupPruneCommand.class, BackupRekeyCommand.class})
final class BackupCommand implements Callable<Integer> {

  /** Runs only without a subcommand, which is a usage error. */
  @Override
  public Integer call() {
    throw new CliException(ExitCode.USAGE, "give a backup command: create, list, verify, restore, prune or rekey"
        + " (see 'luxdb backup --help')");
  }
}
