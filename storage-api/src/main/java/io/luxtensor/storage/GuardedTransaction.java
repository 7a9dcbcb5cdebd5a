package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineReader;
import io.luxtensor.storage.spi.EngineTransaction;

/**
 * A {@link Transaction} over an {@link EngineTransaction}, with a state machine so that the engine
 * sees commit or rollback at most once and close exactly once.
 */
final class GuardedTransaction extends GuardedReadView implements Transaction, OpenResources.Child {

  private enum State { ACTIVE, COMMITTED, ROLLED_BACK, FAILED }

  private final EngineTransaction transaction;
  private State state = State.ACTIVE;
  private boolean closed;
  private long pendingWrites;
  private long pendingBytes;

  GuardedTransaction(GuardedStore store, EngineTransaction transaction) {
    super(store);
    this.transaction = transaction;
  }

  @Override
  EngineReader reader() {
    return transaction;
  }

  @Override
  void checkUsable() {
    if (state != State.ACTIVE) {
      throw new IllegalStateException("transaction is " + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
          + "; begin a new one with store.beginTransaction()");
    }
  }

  @Override
  String viewName() {
    return "transaction";
  }

  @Override
  public void put(ColumnFamily cf, byte[] key, byte[] value) {
    store.guard.enter();
    try {
      checkUsable();
      store.checkWritable("put");
      store.validator.checkColumnFamily(cf);
      store.validator.checkKey(key);
      store.validator.checkValue(value);
      try {
        transaction.put(cf.handle(), key, value);
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
      pendingWrites++;
      pendingBytes += key.length + value.length;
    } finally {
      store.guard.exit();
    }
  }

  @Override
  public void delete(ColumnFamily cf, byte[] key) {
    store.guard.enter();
    try {
      checkUsable();
      store.checkWritable("delete");
      store.validator.checkColumnFamily(cf);
      store.validator.checkKey(key);
      try {
        transaction.delete(cf.handle(), key);
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
      pendingWrites++;
      pendingBytes += key.length;
    } finally {
      store.guard.exit();
    }
  }

  @Override
  public void commit() {
    store.guard.enter();
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
      store.guard.exit();
    }
  }

  @Override
  public void rollback() {
    store.guard.enter();
    try {
      checkUsable();
      iterators.closeAll();
      state = State.ROLLED_BACK;
      try {
        transaction.rollback();
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
    } finally {
      store.guard.exit();
    }
  }

  @Override
  public boolean isActive() {
    return state == State.ACTIVE && !closed;
  }

  @Override
  public void close() {
    if (!store.guard.tryEnter()) {
      return;
    }
    try {
      if (markClosed()) {
        store.transactions.remove(this);
        release();
      }
    } finally {
      store.guard.exit();
    }
  }

  @Override
  public void closeByParent() {
    if (markClosed()) {
      release();
    }
  }

  private synchronized boolean markClosed() {
    if (closed) {
      return false;
    }
    closed = true;
    return true;
  }

  private void release() {
    iterators.closeAll();
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
