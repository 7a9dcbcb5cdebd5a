package io.luxtensor.storage;

/**
 * Stored data failed an integrity check (a checksum mismatch, a truncated file, a malformed record).
 * Corrupt data is reported through this exception and never returned as a value.
 */
public final class CorruptionException extends StorageException {

  public CorruptionException(String message) {
    super(message);
  }

  public CorruptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
