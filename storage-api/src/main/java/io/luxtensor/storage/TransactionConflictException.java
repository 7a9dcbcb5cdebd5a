package io.luxtensor.storage;

/**
 * An optimistic transaction could not commit because another writer changed a key it wrote after
 * the transaction began. Nothing of the transaction was applied; retry it from the start.
 */
public final class TransactionConflictException extends StorageException {

  public TransactionConflictException(String message) {
    super(message);
  }

  public TransactionConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
