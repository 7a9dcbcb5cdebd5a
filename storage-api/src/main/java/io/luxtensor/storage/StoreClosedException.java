package io.luxtensor.storage;

/** An operation was called on a store, iterator, snapshot or transaction that is already closed. */
public final class StoreClosedException extends StorageException {

  public StoreClosedException(String message) {
    super(message);
  }
}
