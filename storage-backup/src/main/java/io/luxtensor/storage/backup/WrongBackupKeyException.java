package io.luxtensor.storage.backup;

/**
 * An encrypted backup was opened with a key other than the one it was written with (the key ids
 * differ, or the data key does not unwrap). Nothing was restored.
 */
public final class WrongBackupKeyException extends BackupException {

  public WrongBackupKeyException(String message) {
    super(message);
  }

  public WrongBackupKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
