package io.luxtensor.storage;

/**
 * An operation was called on a handle that can no longer be used: a store, iterator, snapshot or
 * native backups handle that is closed, or a transaction that is closed, committed, rolled back or
 * failed. One rule on every handle; the message names the handle and how to get a usable one.
 */
public final class StoreClosedException extends StorageException {

  public StoreClosedException(String message) {
    super(message);
  }
}
