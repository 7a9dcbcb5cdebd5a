package io.luxtensor.storage.cli;

/**
 * A failure the command line reports as one line and an exit code, without a stack trace: what was
 * asked, what was wrong and what to do. Thrown by commands; turned into output by {@link ErrorReporter}.
 */
final class CliException extends RuntimeException {

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** One of {@link ExitCode}'s values. */
  int exitCode() {
    return exitCode;
  }
}
