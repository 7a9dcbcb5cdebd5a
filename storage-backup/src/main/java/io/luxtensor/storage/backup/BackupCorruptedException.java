package io.luxtensor.storage.backup;

/**
 * A backup file (or a change-log segment) is damaged: missing, truncated, a failed chunk checksum, a
 * SHA-256 that differs from the manifest's, a record that does not parse. The message names the file and
 * where; nothing was restored from it.
 */
public final class BackupCorruptedException extends BackupException {

  public BackupCorruptedException(String message) {
    super(message);
  }

  public BackupCorruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
