package io.luxtensor.storage;

/**
 * A {@link ReadView} frozen at the moment {@link KeyValueStore#snapshot()} was called: later writes
 * are invisible to it. Thread-safe. <strong>Must be closed</strong>, since it pins old data; closing
 * it closes its iterators, and the store closes snapshots left open when it closes (counted in
 * {@link StoreMetrics#snapshotsClosedByStore()}). {@link #close()} is idempotent.
 */
public interface Snapshot extends ReadView, AutoCloseable {

  @Override
  void close();
}
