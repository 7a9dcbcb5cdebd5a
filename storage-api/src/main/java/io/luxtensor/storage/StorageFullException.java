package io.luxtensor.storage;

/**
 * The engine ran out of space (disk full, or a fixed LMDB map size reached). The failed write was
 * not applied; everything committed before it is intact.
 */
public final class StorageFullException extends StorageException {

  public StorageFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
