package io.luxtensor.storage;

/**
 * An optimistic transaction, on engines with {@link Capability#TRANSACTIONS}.
 *
 * <p>Reads see the store as of {@link KeyValueStore#beginTransaction()} plus this transaction's own
 * writes (read-your-writes). Writes are buffered until {@link #commit()}, which applies them
 * atomically, or throws {@link TransactionConflictException} and applies nothing when another writer
 * changed a key this transaction wrote after it began. {@link #rollback()} discards the writes.
 *
 * <p>Once committed or rolled back, every call but {@code close} throws {@link IllegalStateException}.
 * Not thread-safe. <strong>Must be closed</strong>; {@link #close()} rolls back an active transaction
 * and is idempotent; the store rolls back transactions left open when it closes.
 */
public interface Transaction extends ReadView, AutoCloseable {

  void put(ColumnFamily cf, byte[] key, byte[] value);

  void delete(ColumnFamily cf, byte[] key);

  /** Applies every write atomically; see the class documentation for conflicts. */
  void commit();

  /** Discards every write. */
  void rollback();

  /** Whether the transaction can still read and write. */
  boolean isActive();

  @Override
  void close();
}
