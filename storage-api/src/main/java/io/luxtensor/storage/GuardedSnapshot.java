package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineReader;
import io.luxtensor.storage.spi.EngineSnapshot;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Snapshot} over an {@link EngineSnapshot}, closed exactly once, with its iterators. */
final class GuardedSnapshot extends GuardedReadView implements Snapshot, OpenResources.Child {

  private final EngineSnapshot snapshot;
  private final AtomicBoolean closed = new AtomicBoolean();

  GuardedSnapshot(GuardedStore store, EngineSnapshot snapshot) {
    super(store);
    this.snapshot = snapshot;
  }

  @Override
  EngineReader reader() {
    return snapshot;
  }

  @Override
  void checkUsable() {
    if (closed.get()) {
      throw new StoreClosedException("snapshot is closed; take a new one with store.snapshot()");
    }
  }

  @Override
  String viewName() {
    return "snapshot";
  }

  @Override
  public void close() {
    if (!store.guard.tryEnter()) {
      return;
    }
    try {
      if (closed.compareAndSet(false, true)) {
        store.snapshots.remove(this);
        release();
      }
    } finally {
      store.guard.exit();
    }
  }

  @Override
  public void closeByParent() {
    if (closed.compareAndSet(false, true)) {
      store.metrics.snapshotClosedByStore();
      release();
    }
  }

  private void release() {
    iterators.closeAll();
    store.metrics.openSnapshots.decrementAndGet();
    snapshot.close();
  }
}
