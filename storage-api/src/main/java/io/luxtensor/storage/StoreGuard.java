package io.luxtensor.storage;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the engine alive while calls run: every call enters and exits, and {@link #closeAndDrain()}
 * marks the store closed and waits until no call is inside, so that native handles are never freed
 * under a running call. Entering costs two uncontended adder updates and a volatile read.
 */
final class StoreGuard {

  private final LongAdder inFlight = new LongAdder();
  private final String description;
  private volatile boolean closed;

  StoreGuard(String description) {
    this.description = description;
  }

  /** Enters a call, or throws {@link StoreClosedException}. */
  void enter() {
    inFlight.increment();
    if (closed) {
      inFlight.decrement();
      throw closedException();
    }
  }

  /** Throws {@link StoreClosedException} when closed, without entering: for calls that touch no engine state. */
  void checkOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private StoreClosedException closedException() {
    return new StoreClosedException(description + " is closed; open it again with StorageEngines.open");
  }

  /** Enters a call unless the store is closed. */
  boolean tryEnter() {
    inFlight.increment();
    if (closed) {
      inFlight.decrement();
      return false;
    }
    return true;
  }

  void exit() {
    inFlight.decrement();
  }

  boolean isClosed() {
    return closed;
  }

  /** Marks the store closed; returns {@code false} if it already was. Waits for running calls. */
  boolean closeAndDrain() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
    }
    long spins = 0;
    while (inFlight.sum() != 0) {
      if (++spins < 1000) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
      }
    }
    return true;
  }
}
