package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineReader;
import io.luxtensor.storage.spi.EngineTransaction;
import java.util.Locale;

/**
 * A {@link Transaction} over an {@link EngineTransaction}, with a state machine so that the engine
 * sees commit or rollback at most once and close exactly once. Every call runs inside the
 * transaction's own guard, so a close from another thread (or the store's) waits for a running call
 * and then rolls back what is still active.
 */
final class GuardedTransaction extends GuardedReadView implements Transaction, OpenResources.Child {

  private enum State { ACTIVE, COMMITTED, ROLLED_BACK, FAILED }

  private final EngineTransaction transaction;
  private final long maxBytes;
  private volatile State state = State.ACTIVE;
  private long pendingWrites;
  private long pendingBytes;

  GuardedTransaction(GuardedStore store, EngineTransaction transaction, long maxBytes) {
    super(store, new HandleGuard("transaction", "begin a new one with store.beginTransaction()"));
    this.transaction = transaction;
    this.maxBytes = maxBytes;
  }

  @Override
  EngineReader reader() {
    return transaction;
  }

  @Override
  void checkUsable() {
    State current = state;
    if (current != State.ACTIVE) {
      throw new StoreClosedException("transaction is " + current.name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + "; begin a new one with store.beginTransaction()");
    }
  }

  @Override
  public void put(ColumnFamily cf, byte[] key, byte[] value) {
    guard.enter();
    try {
      checkUsable();
      store.checkWritable("put");
      store.validator.checkColumnFamily(cf);
      store.validator.checkKey(key);
      store.validator.checkValue(value);
      reserve(key.length + (long) value.length);
      try {
        transaction.put(cf.handle(), key, value);
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
    } finally {
      guard.exit();
    }
  }

  @Override
  public void delete(ColumnFamily cf, byte[] key) {
    guard.enter();
    try {
      checkUsable();
      store.checkWritable("delete");
      store.validator.checkColumnFamily(cf);
      store.validator.checkKey(key);
      reserve(key.length);
      try {
        transaction.delete(cf.handle(), key);
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
    } finally {
      guard.exit();
    }
  }

  /**
   * Counts a write against the limit. Past it the transaction fails: it can only be rolled back, so
   * that a commit never applies part of what the caller meant to write.
   */
  private void reserve(long bytes) {
    long total = pendingBytes + bytes;
    if (total > maxBytes) {
      state = State.FAILED;
      throw new WriteLimitExceededException("the transaction", total, maxBytes);
    }
    pendingBytes = total;
    pendingWrites++;
  }

  @Override
  public void commit() {
    guard.enter();
    try {
      checkUsable();
      iterators.closeAll();
      long start = store.metrics.startTimer();
      try {
        transaction.commit();
      } catch (RuntimeException e) {
        state = State.FAILED;
        throw store.failed(e);
      }
      state = State.COMMITTED;
      store.metrics.write(pendingWrites, pendingBytes, start);
    } finally {
      guard.exit();
    }
  }

  @Override
  public void rollback() {
    guard.enter();
    try {
      if (state == State.FAILED) {
        state = State.ROLLED_BACK; // rolling back a failed transaction is how its user acknowledges it
        return;
      }
      checkUsable();
      iterators.closeAll();
      state = State.ROLLED_BACK;
      try {
        transaction.rollback();
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
    } finally {
      guard.exit();
    }
  }

  @Override
  public boolean isActive() {
    return state == State.ACTIVE && !guard.isClosed();
  }

  @Override
  public void close() {
    if (guard.close(this::release)) {
      store.transactions.remove(this);
    }
  }

  @Override
  public void closeByParent() {
    guard.close(this::release);
  }

  private void release() {
    try {
      iterators.closeAll();
    } finally {
      store.metrics.openTransactions.decrementAndGet();
      try {
        if (state == State.ACTIVE) {
          state = State.ROLLED_BACK;
          transaction.rollback();
        }
      } finally {
        transaction.close();
      }
    }
  }
}
