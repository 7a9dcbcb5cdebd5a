package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineReader;
import java.util.List;

/**
 * The read half of the decorator, shared by the store, its snapshots and its transactions: checks,
 * guard, metrics and iterator tracking around an {@link EngineReader}.
 */
abstract class GuardedReadView implements ReadView {

  final GuardedStore store;
  final OpenResources iterators = new OpenResources();

  /** {@code store} is the owning store, or {@code null} when this view is the store itself. */
  GuardedReadView(GuardedStore store) {
    this.store = store != null ? store : (GuardedStore) this;
  }

  /** The engine view reads go to. */
  abstract EngineReader reader();

  /** Throws when this view (not the store) can no longer be used. Called inside the guard. */
  abstract void checkUsable();

  @Override
  public byte[] get(ColumnFamily cf, byte[] key) {
    store.guard.enter();
    try {
      checkUsable();
      store.validator.checkColumnFamily(cf);
      store.validator.checkKey(key);
      long start = store.metrics.startTimer();
      byte[] value;
      try {
        value = reader().get(cf.handle(), key);
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
      store.metrics.read(1, start);
      return value;
    } finally {
      store.guard.exit();
    }
  }

  @Override
  public List<byte[]> multiGet(ColumnFamily cf, List<byte[]> keys) {
    store.guard.enter();
    try {
      checkUsable();
      store.validator.checkColumnFamily(cf);
      if (keys == null) {
        throw new IllegalArgumentException("keys must not be null");
      }
      for (byte[] key : keys) {
        store.validator.checkKey(key);
      }
      long start = store.metrics.startTimer();
      List<byte[]> values;
      try {
        values = reader().multiGet(cf.handle(), keys);
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
      store.metrics.read(keys.size(), start);
      return values;
    } finally {
      store.guard.exit();
    }
  }

  @Override
  public KvIterator iterator(ColumnFamily cf, KeyRange range, Direction direction) {
    store.guard.enter();
    try {
      checkUsable();
      store.validator.checkColumnFamily(cf);
      store.validator.checkRange(range);
      store.validator.checkDirection(direction);
      EngineCursor cursor;
      try {
        cursor = reader().cursor(cf.handle(), range.bounds());
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
      GuardedIterator iterator = new GuardedIterator(store, iterators, cursor, range, direction);
      if (!iterators.add(iterator)) {
        cursor.close();
        throw new StoreClosedException("cannot open an iterator: its " + viewName() + " was closed concurrently");
      }
      store.metrics.iteratorOpened();
      iterator.start();
      return iterator;
    } finally {
      store.guard.exit();
    }
  }

  /** "store", "snapshot" or "transaction", for messages. */
  abstract String viewName();
}
