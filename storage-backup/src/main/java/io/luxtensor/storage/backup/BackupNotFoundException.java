package io.luxtensor.storage.backup;

/**
 * No backup with the id asked for, or an incremental whose parent is gone.
 */
public final class BackupNotFoundException extends BackupException {

  public BackupNotFoundException(String message) {
    super(message);
  }

  public BackupNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
