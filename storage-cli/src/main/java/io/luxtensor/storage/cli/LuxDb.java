package io.luxtensor.storage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code luxdb} command line. Each subcommand is its own class. */
@Command(name = "luxdb", mixinStandardHelpOptions = true, version = "luxdb 0.1.0",
    description = "LuxTensor storage: one API, many engines.",
    subcommands = {DemoCommand.class, EnginesCommand.class})
public final class LuxDb {

  LuxDb() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code, without exiting: for tests and embedding. */
  public static int run(String... args) {
    return new CommandLine(new LuxDb()).execute(args);
  }
}
