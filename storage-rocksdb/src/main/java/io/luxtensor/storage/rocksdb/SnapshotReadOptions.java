package io.luxtensor.storage.rocksdb;

import java.util.ArrayDeque;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * The {@link ReadOptions} that snapshots read at, kept for reuse: a snapshot takes one set to its
 * native snapshot and gives it back, pointing nowhere, when it closes. A snapshot + get then crosses
 * into native code as often as the raw pattern (get the snapshot, set it, get, unset, release) instead
 * of also allocating, configuring and freeing a native options object each time.
 *
 * <p>Thread-safe. At most {@link #MAX_IDLE} options wait idle; more are freed when given back. The
 * engine owns the pool: {@link #close()} frees the idle options, and options given back afterwards
 * are freed at once. An options object is used by one snapshot at a time, which the engine's contract
 * (a snapshot is closed once, and not read after) makes safe to hand to the next.
 */
final class SnapshotReadOptions implements AutoCloseable {

  static final int MAX_IDLE = 16;

  private final ArrayDeque<ReadOptions> idle = new ArrayDeque<>();
  private boolean closed;

  /** Options that read at {@code snapshot}, checksums verified. */
  ReadOptions take(Snapshot snapshot) {
    ReadOptions options;
    synchronized (this) {
      options = idle.poll();
    }
    if (options == null) {
      options = new ReadOptions().setVerifyChecksums(true);
    }
    return options.setSnapshot(snapshot);
  }

  /** Gives back options from {@link #take}, once their snapshot is done with them. */
  void give(ReadOptions options) {
    options.setSnapshot(null);
    synchronized (this) {
      if (!closed && idle.size() < MAX_IDLE) {
        idle.push(options);
        return;
      }
    }
    options.close();
  }

  /** Idle options waiting, for tests. */
  synchronized int idle() {
    return idle.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    idle.forEach(ReadOptions::close);
    idle.clear();
  }
}
