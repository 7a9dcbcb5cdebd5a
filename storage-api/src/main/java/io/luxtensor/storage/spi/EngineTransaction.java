package io.luxtensor.storage.spi;

/**
 * An optimistic transaction: reads see the store as of {@link StorageEngine#beginTransaction()} plus
 * the transaction's own writes; {@link #commit()} applies the writes atomically, or throws
 * {@link io.luxtensor.storage.TransactionConflictException} and applies nothing when another writer
 * changed a key this transaction wrote after it began (at {@link io.luxtensor.storage.Isolation#SERIALIZABLE},
 * also one it read). Used by one thread at a time. The decorator
 * guarantees {@code commit}/{@code rollback} are called at most once, and {@link #close()} once at the end.
 */
public interface EngineTransaction extends EngineReader, AutoCloseable {

  void put(EngineColumnFamily cf, byte[] key, byte[] value);

  void delete(EngineColumnFamily cf, byte[] key);

  void commit();

  void rollback();

  /** Releases the transaction's resources (after commit or rollback, or instead of them). */
  @Override
  void close();
}
