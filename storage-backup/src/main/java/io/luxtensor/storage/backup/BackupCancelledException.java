package io.luxtensor.storage.backup;

/**
 * A backup or restore was cancelled through its {@link Cancellation}. Whatever it had written was
 * removed: no partial backup is listed, no partial restore is swapped in.
 */
public final class BackupCancelledException extends BackupException {

  public BackupCancelledException(String message) {
    super(message);
  }

  public BackupCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
