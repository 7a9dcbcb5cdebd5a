package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineReader;
import io.luxtensor.storage.spi.EngineSnapshot;

/**
 * A {@link Snapshot} over an {@link EngineSnapshot}. Its reads run inside its own guard; closing it
 * (by its user or with the store) drains them, closes its iterators, then releases the engine
 * snapshot exactly once.
 */
final class GuardedSnapshot extends GuardedReadView implements Snapshot, OpenResources.Child {

  private final EngineSnapshot snapshot;

  GuardedSnapshot(GuardedStore store, EngineSnapshot snapshot) {
    super(store, new HandleGuard("snapshot", "take a new one with store.snapshot()"));
    this.snapshot = snapshot;
  }

  @Override
  EngineReader reader() {
    return snapshot;
  }

  @Override
  public void close() {
    if (guard.close(this::release)) {
      store.snapshots.remove(this);
    }
  }

  @Override
  public void closeByParent() {
    if (guard.close(this::release)) {
      store.metrics.snapshotClosedByStore();
    }
  }

  private void release() {
    try {
      iterators.closeAll();
    } finally {
      store.metrics.openSnapshots.decrementAndGet();
      snapshot.close();
    }
  }
}
