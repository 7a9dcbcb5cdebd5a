package io.luxtensor.storage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The chain queries and import over the block store ({@code io.luxtensor.chain.block.BlockStore}). */
@Command(name = "chain", description = "Import blocks and query them: head, block, tx, logs, verify.",
    subcommands = {ChainImportCommand.class, ChainHeadCommand.class, ChainBlockCommand.class, ChainTxCommand.class,
        ChainLogsCommand.class, ChainVerifyCommand.class})
final class ChainCommand implements Callable<Integer> {

  /** Runs only without a subcommand, which is a usage error. */
  @Override
  public Integer call() {
    throw new CliException(ExitCode.USAGE, "give a chain command: import, head, block, tx, logs or verify"
        + " (see 'luxdb chain --help')");
  }
}
