package io.luxtensor.storage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The chain queries and import over the block store ({@code io.luxtensor.chain.block.BlockStore}),
 * and the account and proof queries over the state store ({@code io.luxtensor.chain.state.StateStore}).
 */
@Command(name = "chain", description = "Import blocks and query them: head, block, tx, logs, verify; query the state: account, proof.",
    subcommands = {ChainImportCommand.class, ChainHeadCommand.class, ChainBlockCommand.class, ChainTxCommand.class,
        ChainLogsCommand.class, ChainVerifyCommand.class, ChainAccountCommand.class, ChainProofCommand.class})
final class ChainCommand implements Callable<Integer> {

  /** Runs only without a subcommand, which is a usage error. */
  @Override
  public Integer call() {
    throw new CliException(ExitCode.USAGE, "give a chain command: import, head, block, tx, logs, verify,"
        + " account or proof"
        + " (see 'luxdb chain --help')");
  }
}
