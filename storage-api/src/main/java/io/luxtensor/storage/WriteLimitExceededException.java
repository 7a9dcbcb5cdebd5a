package io.luxtensor.storage;

/**
 * A {@link WriteBatch} or {@link Transaction} would hold more key and value bytes than the store's
 * limit ({@link StorageConfig#maxBatchBytes()}, {@link StorageConfig#maxTransactionBytes()}). Nothing
 * of the rejected operation is kept; split the work into smaller batches or transactions, or raise
 * the limit.
 */
public final class WriteLimitExceededException extends StorageException {

  private final long bytes;
  private final long limit;

  public WriteLimitExceededException(String what, long bytes, long limit) {
    super(what + " would hold " + bytes + " bytes of keys and values, over its limit of " + limit
        + " bytes; split it into smaller ones, or raise the limit in StorageConfig");
    this.bytes = bytes;
    this.limit = limit;
  }

  /** The bytes the batch or transaction would have held with the rejected operation. */
  public long bytes() {
    return bytes;
  }

  /** The configured limit. */
  public long limit() {
    return limit;
  }
}
