package io.luxtensor.storage;

/** A write was attempted on a store opened with {@link StorageConfig#readOnly()}. */
public final class ReadOnlyStoreException extends StorageException {

  public ReadOnlyStoreException(String operation) {
    super(operation + " is not allowed: the store was opened read-only; reopen it without readOnly(true) to write");
  }
}
