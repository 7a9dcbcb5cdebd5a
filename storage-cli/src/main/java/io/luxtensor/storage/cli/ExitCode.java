package io.luxtensor.storage.cli;

/**
 * The exit codes of {@code luxdb}, one per kind of outcome a script may want to tell apart. They are
 * part of the command line's contract (listed in {@code luxdb --help}, whose footer must match) and
 * never change meaning.
 */
final class ExitCode {

  /** The command did what was asked. */
  static final int OK = 0;
  /** Bad command line: unknown command or option, malformed argument, unknown engine. */
  static final int USAGE = 1;
  /** What was named does not exist: no store at the path, no such key, column family, block or transaction. */
  static final int NOT_FOUND = 2;
  /** The store is damaged: a checksum failed, an index disagrees with the data, a file is missing. */
  static final int CORRUPTION = 3;
  /** Another process (or another open handle in this one) holds the store's lock. */
  static final int LOCKED = 4;
  /** Any other storage failure: I/O error, full disk, read-only store, a failed open. */
  static final int STORAGE_ERROR = 5;
  /** A bug in luxdb: an unexpected exception (its stack trace is printed with --verbose). */
  static final int INTERNAL = 6;
  /**
   * An encrypted backup needs its key (key file or passphrase): none was given, or the one given is not
   * the one it was written with.
   */
  static final int WRONG_KEY = 7;

  private ExitCode() {}
}
