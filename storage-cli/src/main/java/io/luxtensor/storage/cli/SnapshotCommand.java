package io.luxtensor.storage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * State snapshots for fast sync through {@code io.luxtensor.chain.snapshot}: export a kept height of
 * a state store to a directory of chunks, import such a directory into a new store of any engine.
 */
@Command(name = "snapshot", description = "Export the state of a height as verifiable chunks, import them into a new store.",
    subcommands = {SnapshotExportCommand.class, SnapshotImportCommand.class})
final class SnapshotCommand implements Callable<Integer> {

  /** Runs only without a subcommand, which is a usage error. */
  @Override
  public Integer call() {
    throw new CliException(ExitCode.USAGE, "give a snapshot command: export or import (see 'luxdb snapshot --help')");
  }
}
