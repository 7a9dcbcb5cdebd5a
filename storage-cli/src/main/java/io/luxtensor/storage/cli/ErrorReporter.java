package io.luxtensor.storage.cli;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.EngineNotFoundException;
import io.luxtensor.storage.InvalidKeyException;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.backup.BackupCorruptedException;
import io.luxtensor.storage.backup.BackupNotFoundException;
import io.luxtensor.storage.backup.ManifestFormatException;
import io.luxtensor.storage.backup.RestoreTargetNotEmptyException;
import io.luxtensor.storage.backup.WrongBackupKeyException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns what a command throws into one line on standard error and an {@link ExitCode}: the
 * exception's message (which says what to do), with the stack trace only under {@code --verbose}.
 * Stateless and thread-safe.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    int code = exitCodeOf(e);
    err.println("luxdb: " + message(e));
    if (verbose(parseResult)) {
      e.printStackTrace(err);
    } else if (code == ExitCode.INTERNAL) {
      err.println("luxdb: this is a bug in luxdb; run again with --verbose for the stack trace and report it");
    }
    err.flush();
    return code;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("luxdb: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err); // "Did you mean: inspect?"
    err.println("luxdb: see '" + cli.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return ExitCode.USAGE;
  }

  /** The exit code for a failure, by what kind of failure it is. */
  static int exitCodeOf(Throwable e) {
    if (e instanceof CliException cli) {
      return cli.exitCode();
    }
    if (e instanceof EngineNotFoundException || e instanceof IllegalArgumentException
        || e instanceof InvalidKeyException) {
      return ExitCode.USAGE;
    }
    if (e instanceof WrongBackupKeyException) {
      return ExitCode.WRONG_KEY;
    }
    if (e instanceof RestoreTargetNotEmptyException) {
      return ExitCode.USAGE;
    }
    if (e instanceof BackupNotFoundException) {
      return ExitCode.NOT_FOUND;
    }
    if (e instanceof BackupCorruptedException || e instanceof ManifestFormatException) {
      return ExitCode.CORRUPTION;
    }
    if (e instanceof UnknownColumnFamilyException) {
      return ExitCode.NOT_FOUND;
    }
    if (e instanceof CorruptionException) {
      return ExitCode.CORRUPTION;
    }
    if (e instanceof StorageException) {
      return ExitCode.STORAGE_ERROR;
    }
    return ExitCode.INTERNAL;
  }

  private static String message(Exception e) {
    String message = e.getMessage();
    if (message == null || message.isBlank() || exitCodeOf(e) == ExitCode.INTERNAL) {
      return "unexpected " + e.getClass().getName() + (message == null ? "" : ": " + message);
    }
    return message;
  }

  /** Whether {@code --verbose} was given to the command or any of its parents. */
  private static boolean verbose(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
