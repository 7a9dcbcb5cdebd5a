package io.luxtensor.storage.backup;

/**
 * A restore asked to write into a directory that already holds files, without asking to replace them.
 * Nothing was written.
 */
public final class RestoreTargetNotEmptyException extends BackupException {

  public RestoreTargetNotEmptyException(String message) {
    super(message);
  }

  public RestoreTargetNotEmptyException(String message, Throwable cause) {
    super(message, cause);
  }
}
