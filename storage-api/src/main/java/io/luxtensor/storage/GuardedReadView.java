package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read half of the decorator, shared by the store, its snapshots and its transactions: checks,
 * the view's guard, metrics and iterator tracking around an {@link EngineReader}. Every call runs
 * inside the view's own {@link HandleGuard}, so closing the view waits for it.
 */
abstract class GuardedReadView implements ReadView {

  final GuardedStore store;
  final HandleGuard guard;
  final OpenResources iterators = new OpenResources();

  /** {@code store} is the owning store, or {@code null} when this view is the store itself. */
  GuardedReadView(GuardedStore store, HandleGuard guard) {
    this.store = store != null ? store : (GuardedStore) this;
    this.guard = guard;
  }

  /** The engine view reads go to. */
  abstract EngineReader reader();

  /** Throws when this view can no longer be used although its guard is open. Called inside the guard. */
  void checkUsable() {}

  @Override
  public byte[] get(ColumnFamily cf, byte[] key) {
    guard.enter();
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
      guard.exit();
    }
  }

  @Override
  public List<byte[]> multiGet(ColumnFamily cf, List<byte[]> keys) {
    guard.enter();
    try {
      checkUsable();
      store.validator.checkColumnFamily(cf);
      checkKeys(keys);
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
      guard.exit();
    }
  }

  @Override
  public List<byte[]> multiGet(List<ColumnFamily> families, List<byte[]> keys) {
    guard.enter();
    try {
      checkUsable();
      if (families == null) {
        throw new IllegalArgumentException("column families must not be null");
      }
      checkKeys(keys);
      if (families.size() != keys.size()) {
        throw new IllegalArgumentException("multiGet needs one column family per key, got " + families.size()
            + " families for " + keys.size() + " keys");
      }
      Map<ColumnFamily, Boolean> checked = new IdentityHashMap<>();
      List<EngineColumnFamily> handles = new ArrayList<>(families.size());
      for (ColumnFamily cf : families) {
        if (checked.put(cf, Boolean.TRUE) == null) {
          store.validator.checkColumnFamily(cf);
        }
        handles.add(cf.handle());
      }
      long start = store.metrics.startTimer();
      List<byte[]> values;
      try {
        values = reader().multiGet(handles, keys);
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
      store.metrics.read(keys.size(), start);
      return values;
    } finally {
      guard.exit();
    }
  }

  private void checkKeys(List<byte[]> keys) {
    if (keys == null) {
      throw new IllegalArgumentException("keys must not be null");
    }
    for (byte[] key : keys) {
      store.validator.checkKey(key);
    }
  }

  /** One call to the engine's {@link EngineReader#count}, which a server engine answers in one statement. */
  @Override
  public long count(ColumnFamily cf, KeyRange range) {
    guard.enter();
    try {
      checkUsable();
      store.validator.checkColumnFamily(cf);
      store.validator.checkRange(range);
      if (range.isEmpty()) {
        return 0;
      }
      long start = store.metrics.startTimer();
      long keys;
      try {
        keys = reader().count(cf.handle(), range.bounds());
      } catch (RuntimeException e) {
        throw store.failed(e);
      }
      store.metrics.read(keys, start);
      return keys;
    } finally {
      guard.exit();
    }
  }

  @Override
  public KvIterator iterator(ColumnFamily cf, KeyRange range, Direction direction) {
    guard.enter();
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
        cursor.close(); // unreachable while the guard drains before closing children; kept as a backstop
        throw guard.closedException();
      }
      store.metrics.iteratorOpened();
      try {
        iterator.start();
      } catch (RuntimeException e) {
        iterator.close();
        throw store.failed(e);
      }
      return iterator;
    } finally {
      guard.exit();
    }
  }
}
