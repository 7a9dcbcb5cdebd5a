package io.luxtensor.storage;

/**
 * An optimistic transaction, on engines with {@link Capability#TRANSACTIONS}.
 *
 * <p>Reads see the store as of {@link KeyValueStore#beginTransaction()} plus this transaction's own
 * writes (read-your-writes). Writes are buffered until {@link #commit()}, which applies them
 * atomically, or throws {@link TransactionConflictException} and applies nothing when another writer
 * changed a key this transaction wrote after it began; at {@link Isolation#SERIALIZABLE} also when
 * another commit after it began changed a key or range it read (see {@link Isolation}).
 * {@link #rollback()} discards the writes.
 *
 * <p>A transaction writes at most {@link StorageConfig#maxTransactionBytes()} bytes of keys and
 * values: a write past the limit throws {@link WriteLimitExceededException} and fails the
 * transaction, which then can only be rolled back, so nothing of it is ever written.
 *
 * <p>Once committed, rolled back, failed (a conflict or the limit) or closed, every call but
 * {@code close} and {@code rollback} throws {@link StoreClosedException}, the rule of every closed
 * handle. Used by one thread at a time; {@link #close()} may come from any thread, and waits for a
 * running call. <strong>Must be closed</strong>; {@link #close()} rolls back an active transaction
 * and is idempotent; the store rolls back transactions left open when it closes.
 */
public interface Transaction extends ReadView, AutoCloseable {

  void put(ColumnFamily cf, byte[] key, byte[] value);

  void delete(ColumnFamily cf, byte[] key);

  /** Applies every write atomically; see the class documentation for conflicts. */
  void commit();

  /** Discards every write; on a failed transaction, acknowledges the failure. */
  void rollback();

  /** Whether the transaction can still read and write. */
  boolean isActive();

  @Override
  void close();
}
