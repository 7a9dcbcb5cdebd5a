package io.luxtensor.storage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code luxdb} command line. Each subcommand is its own class and inherits {@code --help},
 * {@code --version}, {@code --verbose} and the exit code table; failures become one line on
 * standard error and an {@link ExitCode} ({@link ErrorReporter}), with a stack trace only under
 * {@code --verbose}.
 */
@Command(name = "luxdb", mixinStandardHelpOptions = true, version = "luxdb 0.1.0", scope = ScopeType.INHERIT,
    description = "LuxTensor storage: one API, many engines.",
    footer = {
      "",
      "Exit codes:",
      "  0  ok",
      "  1  usage: bad command, option or argument; unknown engine",
      "  2  not found: no store at the path, no such key, column family, block or tx",
      "  3  corruption: the store, a backup or a snapshot chunk is damaged",
      "  4  locked: another process holds the store",
      "  5  storage error: I/O, full disk, read-only store",
      "  6  internal error (run with --verbose for the stack trace)",
      "  7  wrong key: an encrypted backup's key file or passphrase is missing or wrong"},
    subcommands = {DemoCommand.class, EnginesCommand.class, InspectCommand.class, GetCommand.class,
        PutCommand.class, DeleteCommand.class, ScanCommand.class, StatsCommand.class, VerifyCommand.class,
        CompactCommand.class, MigrateCommand.class, BenchCommand.class, ChainCommand.class, BackupCommand.class,
        SnapshotCommand.class})
public final class LuxDb {

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of a failure.")
  boolean verbose;

  LuxDb() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code, without exiting: for tests and embedding. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with luxdb's error reporting, for {@link #run} and for tests that capture output. */
  static CommandLine commandLine() {
    ErrorReporter reporter = new ErrorReporter();
    return new CommandLine(new LuxDb()).setExecutionExceptionHandler(reporter).setParameterExceptionHandler(reporter);
  }
}
