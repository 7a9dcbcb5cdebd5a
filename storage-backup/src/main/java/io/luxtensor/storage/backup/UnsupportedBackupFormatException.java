package io.luxtensor.storage.backup;

/**
 * A backup written in a newer format version than this build reads: upgrade LuxTensor Storage to
 * restore it. Nothing was read past the manifest's first line.
 */
public final class UnsupportedBackupFormatException extends BackupException {

  public UnsupportedBackupFormatException(String message) {
    super(message);
  }

  public UnsupportedBackupFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
