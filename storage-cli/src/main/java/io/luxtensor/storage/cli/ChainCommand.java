package io.luxtensor.storage.cli;

import picocli.CommandLine.Command;

/** The chain queries and import over the block store ({@code io.luxtensor.chain.block.BlockStore}). */
@Command(name = "chain", description = "Import blocks and query them: head, block, tx, logs, verify.",
    subcommands = {ChainImportCommand.class, ChainHeadCommand.class, ChainBlockCommand.class, ChainTxCommand.class,
        ChainLogsCommand.class, ChainVerifyCommand.class})
final class ChainCommand {}
