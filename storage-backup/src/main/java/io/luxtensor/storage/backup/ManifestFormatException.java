package io.luxtensor.storage.backup;

/**
 * A backup manifest that does not parse (an unknown or duplicated line, a missing field, a bad value,
 * or a manifest checksum that fails). The message names the manifest and the line.
 */
public final class ManifestFormatException extends BackupException {

  public ManifestFormatException(String message) {
    super(message);
  }

  public ManifestFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
