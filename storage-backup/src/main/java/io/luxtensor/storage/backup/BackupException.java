package io.luxtensor.storage.backup;

import io.luxtensor.storage.StorageException;

/**
 * Root of the errors of backups, restores and change logs. Each subclass names one kind of failure,
 * and every message says what was asked, what was wrong and what to do. Unchecked, like every
 * {@link StorageException}.
 */
public class BackupException extends StorageException {

  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
